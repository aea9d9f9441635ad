/**
 * "did you mean …?": the closest known word by optimal-string-alignment distance
 * (Levenshtein plus adjacent transpositions), compared case-insensitively, so `optimiser` →
 * `optimizer` (1 edit), `learningrate` → `learningRate` (0), `leraningRate` → `learningRate` (1).
 *   d[i][j] = min(d[i-1][j] + 1, d[i][j-1] + 1, d[i-1][j-1] + [a_i ≠ b_j],
 *                 d[i-2][j-2] + 1 if a_i a_{i-1} = b_{j-1} b_j)
 */
import { formatPath, type ConfigPath } from "./source-map.js";

export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  const rows = s.length + 1;
  const cols = t.length + 1;
  const d = new Array<number>(rows * cols).fill(0);
  for (let i = 0; i < rows; i++) d[i * cols] = i;
  for (let j = 0; j < cols; j++) d[j] = j;
  for (let i = 1; i < rows; i++) {
    for (let j = 1; j < cols; j++) {
      const cost = s[i - 1] === t[j - 1] ? 0 : 1;
      let best = Math.min(d[(i - 1) * cols + j]! + 1, d[i * cols + j - 1]! + 1, d[(i - 1) * cols + j - 1]! + cost);
      if (i > 1 && j > 1 && s[i - 1] === t[j - 2] && s[i - 2] === t[j - 1]) {
        best = Math.min(best, d[(i - 2) * cols + j - 2]! + 1);
      }
      d[i * cols + j] = best;
    }
  }
  return d[rows * cols - 1]!;
}

/** Edits tolerated for a word of this length: 1 up to 4 letters, 2 up to 8, then 3. */
function tolerance(length: number): number {
  return length <= 4 ? 1 : length <= 8 ? 2 : 3;
}

/** The known word nearest to `word` within tolerance (first in `known` on a tie), or null. */
export function closestMatch(word: string, known: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = tolerance(word.length) + 1;
  for (const candidate of known) {
    if (candidate === word) continue;
    const distance = editDistance(word, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * `unknown key "optimizer.learningrate" (did you mean "optimizer.learningRate"?)`, or, with no
 * close match, the keys allowed there.
 */
export function unknownKeyMessage(path: ConfigPath, known: readonly string[]): string {
  const key = String(path[path.length - 1]);
  const parent = path.slice(0, -1);
  const suggestion = closestMatch(key, known);
  const help =
    suggestion !== null
      ? ` (did you mean "${formatPath([...parent, suggestion])}"?)`
      : known.length > 0
        ? ` (known keys${parent.length > 0 ? ` of ${formatPath(parent)}` : ""}: ${known.join(", ")})`
        : parent.length > 0
          ? ` (${formatPath(parent)} takes a single value, not keys)`
          : "";
  return `unknown key "${formatPath(path)}"${help}`;
}
