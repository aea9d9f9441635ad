/**
 * The words of an error: edit distance (worked by hand), "did you mean", and how a JSON Schema
 * node's expectation and a found value are phrased; plus the Markdown reference of a tiny schema.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { closestMatch, editDistance } from "../../src/config/did-you-mean.js";
import {
  childNode,
  describeExpected,
  describeFound,
  knownKeys,
  type JsonSchemaNode,
} from "../../src/config/schema-node.js";
import { configReferenceMarkdown } from "../../src/config/config-reference.js";
import { jsonSchemaFor } from "../../src/config/json-schema.js";

describe("editDistance (optimal string alignment, case-insensitive)", () => {
  it.each([
    ["kitten", "sitting", 3], // k→s, e→i, +g
    ["ab", "ba", 1], // one transposition (plain Levenshtein: 2)
    ["ca", "abc", 3], // OSA may not edit a transposed pair again (full Damerau: 2)
    ["optimiser", "optimizer", 1],
    ["learningrate", "learningRate", 0],
    ["", "abc", 3],
  ])("%s ↔ %s = %i", (a, b, d) => {
    expect(editDistance(a, b)).toBe(d);
    expect(editDistance(b, a)).toBe(d);
  });
});

describe("closestMatch", () => {
  it("suggests the nearest known word within tolerance", () => {
    expect(closestMatch("epoch", ["every", "epochs"])).toBe("epochs");
    expect(closestMatch("leraningRate", ["learningRate", "batchSize"])).toBe("learningRate");
    expect(closestMatch("fuul", ["full"])).toBe("full");
  });

  it("suggests nothing when every known word is far", () => {
    expect(closestMatch("xyz", ["name", "seed"])).toBeNull();
    expect(closestMatch("abxy", ["abcd"])).toBeNull(); // 2 edits, a 4-letter word tolerates 1
  });
});

describe("describeExpected / describeFound", () => {
  const root: JsonSchemaNode = {};
  it.each<[JsonSchemaNode, string]>([
    [{ type: "integer", exclusiveMinimum: 0, maximum: Number.MAX_SAFE_INTEGER }, "an integer > 0"],
    [{ type: "integer", minimum: 2 }, "an integer >= 2"],
    [{ type: "number", minimum: 0, exclusiveMaximum: 1 }, "a number in [0, 1)"],
    [{ type: "number", exclusiveMinimum: 0, maximum: 1 }, "a number in (0, 1]"],
    [{ anyOf: [{ type: "integer", exclusiveMinimum: 0 }, { type: "null" }] }, "an integer > 0 or null"],
    [
      {
        anyOf: [
          { type: "integer", exclusiveMinimum: 0 },
          { type: "string", const: "full" },
        ],
      },
      'an integer > 0 or "full"',
    ],
    [
      { type: "array", items: { type: "integer", exclusiveMinimum: 0 }, minItems: 1 },
      "a non-empty list of integers > 0",
    ],
    [
      { type: "array", items: { type: "string" }, minItems: 2, maxItems: 3 },
      "a list of strings (at least 2, at most 3)",
    ],
    [{ type: "string", enum: ["a", "b"] }, 'one of "a", "b"'],
    [{ oneOf: [{ const: "x" }, { const: "y" }] }, 'one of "x", "y"'],
    [{ type: "string", minLength: 1 }, "a non-empty string"],
    [{ type: "boolean" }, "true or false"],
  ])("%j → %s", (node, text) => {
    expect(describeExpected(node, root)).toBe(text);
  });

  it("phrases found values", () => {
    expect(describeFound(undefined)).toBe("nothing");
    expect(describeFound("abc")).toBe('"abc"');
    expect(describeFound(-0.1)).toBe("-0.1");
    expect(describeFound(null)).toBe("null");
    expect(describeFound([])).toBe("an empty list");
    expect(describeFound([1, 2])).toBe("a list [1, 2]");
    expect(describeFound({})).toBe("an empty object");
    expect(describeFound("x".repeat(50))).toBe(`"${"x".repeat(39)}…"`);
  });
});

describe("walking a discriminated union", () => {
  const node: JsonSchemaNode = {
    oneOf: [
      { type: "object", properties: { kind: { const: "a" }, alpha: { type: "number" } } },
      { type: "object", properties: { kind: { const: "b" }, beta: { type: "string" } } },
    ],
  };
  it("knows the keys of the variant the value selects, or of all variants", () => {
    expect(knownKeys(node, { kind: "b" }, node)).toEqual(["kind", "beta"]);
    expect(knownKeys(node, {}, node)).toEqual(["kind", "alpha", "beta"]);
    expect(childNode(node, "alpha", { kind: "a" }, node)).toEqual({ type: "number" });
    expect(childNode(node, "alpha", { kind: "b" }, node)).toBeNull();
  });
});

describe("configReferenceMarkdown", () => {
  it("writes one row per key and one table per union variant", () => {
    const Schema = z.strictObject({
      size: z.int().positive().default(3).describe("how many"),
      inner: z.strictObject({ rate: z.number().min(0).lt(1).default(0.5) }).prefault({}),
      shape: z
        .discriminatedUnion("kind", [
          z.strictObject({ kind: z.literal("dot") }),
          z.strictObject({ kind: z.literal("box"), side: z.number().positive().describe("edge | length") }),
        ])
        .prefault({ kind: "dot" }),
    });
    expect(configReferenceMarkdown(jsonSchemaFor(Schema))).toBe(
      [
        "| key | type | default | meaning |",
        "| --- | --- | --- | --- |",
        "| `size` | integer > 0 | `3` | how many |",
        "| `inner.rate` | number in [0, 1) | `0.5` |  |",
        '| `shape` | object chosen by `shape.kind`: "dot", "box" (tables below) | `{"kind":"dot"}` |  |',
        "",
        '**`shape` with `kind: "dot"`**',
        "",
        "| key | type | default | meaning |",
        "| --- | --- | --- | --- |",
        '| `shape.kind` | "dot" | required |  |',
        "",
        '**`shape` with `kind: "box"`**',
        "",
        "| key | type | default | meaning |",
        "| --- | --- | --- | --- |",
        '| `shape.kind` | "box" | required |  |',
        "| `shape.side` | number > 0 | required | edge \\| length |",
        "",
      ].join("\n"),
    );
  });
});
