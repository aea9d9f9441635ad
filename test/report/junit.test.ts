/**
 * JUnit XML, parsed back with fast-xml-parser and held to the common schema (Windy Road JUnit.xsd /
 * Jenkins junit-10.xsd): testsuites ⊃ testsuite{name, tests, failures, errors, time} ⊃
 * testcase{name, classname, time} with at most one failure{message, type} or skipped; counts agree;
 * times are xs:decimal.
 */
import { describe, expect, it } from "vitest";
import { junitXml, type JUnitSuite } from "../../src/report/junit.js";
import { parseJUnit } from "./junit-reader.js";

describe("junitXml", () => {
  const suites: JUnitSuite[] = [
    {
      name: 'a <"suite"> & more',
      cases: [
        { name: "final.test_loss <= 0.2", classname: "sgd.train.assert", time: 1.5 },
        {
          name: "x > 1",
          classname: "sgd.train.assert",
          failure: { type: "assertion", message: "x > 1: 0.5 'no' & <bad>\u0001" },
        },
        { name: "point 3", classname: "sgd.sweep", skipped: "pending", time: 1e-7 },
      ],
    },
    { name: "empty", cases: [] },
  ];

  it("parses back with the names, messages and counts it was given", () => {
    const root = parseJUnit(junitXml("sgd train", suites));
    expect(root.name).toBe("sgd train");
    expect([root.tests, root.failures, root.errors, root.skipped]).toEqual(["3", "1", "0", "1"]);
    const [first, second] = root.testsuite;
    expect(first.name).toBe('a <"suite"> & more');
    expect(first.time).toBe("1.5");
    expect(first.testcase[1].failure.message).toBe("x > 1: 0.5 'no' & <bad>");
    expect(first.testcase[1].failure["#text"]).toBe("x > 1: 0.5 'no' & <bad>");
    expect(first.testcase[2].skipped.message).toBe("pending");
    expect(first.testcase[2].time).toBe("0");
    expect(second.tests).toBe("0");
  });
});
