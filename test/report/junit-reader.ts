/**
 * Reads a JUnit XML report back with fast-xml-parser and holds it to the common schema (Windy Road
 * JUnit.xsd / Jenkins junit-10.xsd): required attributes, counts that agree, xs:decimal times.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { expect } from "vitest";

const DECIMAL = /^\d+(\.\d+)?$/;

// biome-ignore lint/suspicious/noExplicitAny: parsed XML
export function parseJUnit(xml: string): any {
  expect(XMLValidator.validate(xml)).toBe(true);
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    // decode character references (&#39;) as every XML reader does
    htmlEntities: true,
    isArray: (name) => ["testsuite", "testcase"].includes(name),
  });
  const doc = parser.parse(xml);
  const root = doc.testsuites;
  for (const suite of root.testsuite) {
    for (const key of ["name", "tests", "failures", "errors", "time"]) expect(suite).toHaveProperty(key);
    expect(suite.time).toMatch(DECIMAL);
    const cases = suite.testcase ?? [];
    expect(Number(suite.tests)).toBe(cases.length);
    expect(Number(suite.failures)).toBe(cases.filter((c: object) => "failure" in c).length);
    expect(Number(suite.skipped)).toBe(cases.filter((c: object) => "skipped" in c).length);
    for (const c of cases) {
      for (const key of ["name", "classname", "time"]) expect(c).toHaveProperty(key);
      expect(c.time).toMatch(DECIMAL);
      if (c.failure) for (const key of ["message", "type"]) expect(c.failure).toHaveProperty(key);
    }
  }
  return root;
}
