/**
 * A tiny strict XML reader for tests (no regular expressions, no packages): walks the text
 * character by character, checks that tags balance, attributes are quoted and unique, and
 * entities are known, and returns the element tree with unescaped attribute values.
 * `voidElements` lets it read HTML whose <meta> has no closing slash.
 */

export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

export function parseXml(src: string, voidElements: readonly string[] = []): XmlElement {
  const root: XmlElement = { name: "#document", attrs: {}, children: [], text: "" };
  const stack: XmlElement[] = [root];
  let i = 0;
  const fail = (what: string): never => {
    throw new Error(`not well-formed at ${i}: ${what} near "${src.slice(Math.max(0, i - 30), i + 30)}"`);
  };
  const readName = (): string => {
    const from = i;
    while (i < src.length && !" \t\n\r/>=".includes(src[i]!)) i++;
    if (i === from) fail("expected a name");
    return src.slice(from, i);
  };
  const skipSpace = (): void => {
    while (i < src.length && " \t\n\r".includes(src[i]!)) i++;
  };
  const unescapeXml = (raw: string): string => {
    let out = "";
    for (let k = 0; k < raw.length; k++) {
      const c = raw[k]!;
      if (c === "<") fail("raw < in text or attribute");
      if (c !== "&") {
        out += c;
        continue;
      }
      const end = raw.indexOf(";", k);
      if (end < 0) fail("unterminated entity");
      const name = raw.slice(k + 1, end);
      if (name.startsWith("#")) out += String.fromCodePoint(Number(name.slice(1)));
      else out += ENTITIES[name] ?? fail(`unknown entity &${name};`);
      k = end;
    }
    return out;
  };

  while (i < src.length) {
    const top = stack[stack.length - 1]!;
    if (src[i] !== "<") {
      const next = src.indexOf("<", i);
      const end = next < 0 ? src.length : next;
      top.text += unescapeXml(src.slice(i, end));
      i = end;
      continue;
    }
    if (src.startsWith("<!--", i)) {
      const end = src.indexOf("-->", i);
      if (end < 0) fail("unterminated comment");
      i = end + 3;
    } else if (src.startsWith("<?", i) || src.startsWith("<!", i)) {
      const end = src.indexOf(">", i);
      if (end < 0) fail("unterminated declaration");
      i = end + 1;
    } else if (src.startsWith("</", i)) {
      i += 2;
      const name = readName();
      skipSpace();
      if (src[i] !== ">") fail("expected >");
      i++;
      if (stack.length < 2 || top.name !== name) fail(`</${name}> closes <${top.name}>`);
      stack.pop();
    } else {
      i++;
      const element: XmlElement = { name: readName(), attrs: {}, children: [], text: "" };
      for (;;) {
        skipSpace();
        if (src[i] === ">" || src.startsWith("/>", i)) break;
        const attr = readName();
        if (src[i] !== "=") fail(`attribute ${attr} without value`);
        const quote = src[i + 1];
        if (quote !== '"' && quote !== "'") fail(`attribute ${attr} not quoted`);
        const end = src.indexOf(quote!, i + 2);
        if (end < 0) fail("unterminated attribute");
        if (attr in element.attrs) fail(`duplicate attribute ${attr}`);
        element.attrs[attr] = unescapeXml(src.slice(i + 2, end));
        i = end + 1;
      }
      top.children.push(element);
      const selfClosing = src.startsWith("/>", i);
      i += selfClosing ? 2 : 1;
      if (!selfClosing && !voidElements.includes(element.name)) stack.push(element);
    }
  }
  if (stack.length !== 1) fail(`<${stack[stack.length - 1]!.name}> never closed`);
  if (root.children.length !== 1) fail(`expected one root element, found ${root.children.length}`);
  return root.children[0]!;
}

/** Every element below (and including) `el`, depth first. */
export function allElements(el: XmlElement): XmlElement[] {
  return [el, ...el.children.flatMap(allElements)];
}

/** "x,y x,y" → [[x, y], …] */
export function parsePoints(attr: string | undefined): [number, number][] {
  if (attr === undefined || attr === "") return [];
  return attr.split(" ").map((pair) => {
    const [a, b] = pair.split(",");
    return [Number(a), Number(b)];
  });
}
