/**
 * The position-keeping readers: values agree with JSON.parse / the yaml package (independent
 * parsers), and each key's line:col and each syntax error's line:col are the ones counted by hand.
 */
import { describe, expect, it } from "vitest";
import { parse as parseYaml } from "yaml";
import { parseJsonSource } from "../../src/config/json-source.js";
import { parseYamlSource } from "../../src/config/yaml-source.js";
import { InvalidConfigError } from "../../src/config/config-issue.js";
import { SourceMap, formatPath } from "../../src/config/source-map.js";

function syntaxError(f: () => unknown): string {
  try {
    f();
  } catch (err) {
    if (err instanceof InvalidConfigError) return err.message;
    throw err;
  }
  throw new Error("parsed without error");
}

const JSON_TEXT = `{
  "a": 1,
  "b": { "c": [true, null,
    -2.5e3, "x\\u00e9\\n"] },
  "d": {}
}`;

describe("parseJsonSource", () => {
  it("returns what JSON.parse returns", () => {
    expect(parseJsonSource(JSON_TEXT, "f.json").value).toEqual(JSON.parse(JSON_TEXT));
    const numbers = "[0, -0.5, 1e3, 12.25E-2, 9007199254740993]";
    expect(parseJsonSource(numbers, "n.json").value).toEqual(JSON.parse(numbers));
  });

  it("records the line of every key and list item", () => {
    const { where } = parseJsonSource(JSON_TEXT, "f.json");
    expect(where.locate(["a"]).label).toBe("f.json:2");
    expect(where.locate(["b", "c"])).toMatchObject({ line: 3, col: 10 });
    expect(where.locate(["b", "c", 2])).toMatchObject({ line: 4, col: 5 });
    expect(where.locate(["b", "c", 3])).toMatchObject({ line: 4, col: 13 });
    // a key that is not there is located at its nearest ancestor
    expect(where.locate(["d", "missing"])).toMatchObject({ line: 5, col: 3 });
  });

  it("keeps a __proto__ key as an ordinary key", () => {
    const value = parseJsonSource('{"__proto__": {"polluted": 1}}', "p.json").value as Record<string, unknown>;
    expect(Object.keys(value)).toEqual(["__proto__"]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ['{"a": 1,}', 'f.json:1:8: JSON syntax error: trailing comma before "}" (JSON allows none)'],
    ["[1,\n 2,\n]", 'f.json:2:3: JSON syntax error: trailing comma before "]" (JSON allows none)'],
    ['{"a": 1\n "b": 2}', 'f.json:2:2: JSON syntax error: expected "," or "}" after the value of "a", found "\\""'],
    ["{'a': 1}", "f.json:1:2: JSON syntax error: strings and keys need double quotes in JSON"],
    [
      '{"a": tru}',
      'f.json:1:7: JSON syntax error: unknown word "tru" (values are "strings", numbers, true, false, null, [ ] or { })',
    ],
    [
      '{"a": "open\n"}',
      "f.json:1:7: JSON syntax error: unterminated string, a line break inside it, or a bad \\ escape",
    ],
    ['{"a": 1} x', "f.json:1:10: JSON syntax error: unexpected text after the end of the JSON value"],
    ['{"a": 1, "a": 2}', 'f.json:1:10: JSON syntax error: duplicate key "a" (first at line 1)'],
    ['{"a": ', "f.json:1:7: JSON syntax error: unexpected end of file, expected a value"],
    ["  \n ", "f.json:2:2: JSON syntax error: the file is empty (expected a JSON object)"],
    ['{"a": 01}', 'f.json:1:8: JSON syntax error: expected "," or "}" after the value of "a", found "1"'],
  ])("%j → %s", (text, message) => {
    expect(syntaxError(() => parseJsonSource(text, "f.json"))).toBe(message);
  });
});

const YAML_TEXT = `# comment
name: demo
model:
  hidden:
    - 64
    - 32
  activation: relu
defaults: &d { every: 5 }
log: *d
`;

describe("parseYamlSource", () => {
  it("returns what the yaml package's parse() returns", () => {
    expect(parseYamlSource(YAML_TEXT, "f.yaml").value).toEqual(parseYaml(YAML_TEXT));
  });

  it("records the line of every key and list item", () => {
    const { where } = parseYamlSource(YAML_TEXT, "f.yaml");
    expect(where.locate(["name"]).label).toBe("f.yaml:2");
    expect(where.locate(["model", "hidden"])).toMatchObject({ line: 4, col: 3 });
    expect(where.locate(["model", "hidden", 1])).toMatchObject({ line: 6, col: 7 });
    expect(where.locate(["model", "activation"])).toMatchObject({ line: 7, col: 3 });
    // through an alias, keys are located at the anchor's definition
    expect(where.locate(["log", "every"])).toMatchObject({ line: 8, col: 16 });
  });

  it.each([
    ["a: 1\na: 2\n", "f.yaml:2:1: YAML syntax error: Map keys must be unique"],
    // the yaml package reports an unclosed quote where the closing quote was due: the end of the file
    ["a: 'open\n", "f.yaml:2:1: YAML syntax error: Missing closing 'quote"],
    [
      "a: 1\n---\nb: 2\n",
      "f.yaml:2:1: YAML syntax error: the file holds more than one YAML document (a second one starts here); a config is one document",
    ],
    ["# nothing but a comment\n", "f.yaml: the file is empty (expected a mapping of config keys)"],
    ["[a, b]: 1\n", "f.yaml:1:1: YAML keys must be plain words, not lists or mappings"],
  ])("%j → %s", (text, message) => {
    expect(syntaxError(() => parseYamlSource(text, "f.yaml"))).toBe(message);
  });
});

describe("SourceMap", () => {
  it("forgets file positions under a path a --set replaced", () => {
    const where = new SourceMap("c.yaml");
    where.record([], { line: 1, col: 1 });
    where.record(["model"], { line: 3, col: 1 });
    where.record(["model", "hidden"], { line: 4, col: 3 });
    where.record(["model", "hidden", 0], { line: 4, col: 12 });
    where.recordOverride(["model", "hidden"], "model.hidden=[0]");
    expect(where.locate(["model", "hidden", 0]).label).toBe("--set model.hidden=[0]");
    expect(where.locate(["model", "activation"]).label).toBe("c.yaml:3");
    expect(where.locate(["seed"]).label).toBe("c.yaml:1");
    expect(new SourceMap(null).locate(["seed"]).label).toBe("config");
  });

  it("formats key paths with dots and [index]", () => {
    expect(formatPath(["optimizer", "learningRate"])).toBe("optimizer.learningRate");
    expect(formatPath(["model", "hidden", 1])).toBe("model.hidden[1]");
    expect(formatPath([])).toBe("(top level)");
  });
});
