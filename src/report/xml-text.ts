/**
 * Escaping of text and attribute values for SVG and HTML: & < > " ' become entities, so a
 * series name or a title can hold any characters without breaking the markup.
 */

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c] ?? c);
}

const ENTITIES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
