import { expect, it } from "vitest";
import { parseXml } from "./xml-reader.js";

// the well-formedness checks of the other tests are only worth something if this rejects bad markup
it.each([
  ["<a><b></a></b>", /closes/],
  ["<a><b></b>", /never closed/],
  ['<a x="1" x="2"/>', /duplicate/],
  ["<a x=1/>", /not quoted/],
  ['<a k="1<2"/>', /raw </],
  ["<a>1 < 2</a>", /expected a name/],
  ["<a>&nbsp;</a>", /unknown entity/],
  ["<a/><b/>", /one root/],
])("rejects %s", (src, why) => {
  expect(() => parseXml(src)).toThrow(why);
});

it("reads attributes and text, unescaped", () => {
  const el = parseXml(`<?xml version="1.0"?><!-- c --><a k="&lt;&amp;&quot;"><b>x &gt; y</b><c/></a>`);
  expect(el.attrs.k).toBe(`<&"`);
  expect(el.children.map((c) => c.name)).toEqual(["b", "c"]);
  expect(el.children[0]!.text).toBe("x > y");
});
