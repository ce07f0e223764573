/**
 * `check --json` writes its report in pieces, never as one string: the text is exactly
 * JSON.stringify(report, null, 2) and a line break, whatever the values in it.
 */
import { writeFileSync } from "node:fs";
import { nodeIo } from "../../src/cli/io";
import { main, writeJson } from "../../src/cli/main";
import { setupChanges } from "../../src/plan/actions";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { generatePlan } from "../support/generate";
import { tempFolder } from "./helpers";

const folder = tempFolder();
afterAll(() => folder.cleanup());

function pieces(value: unknown): string[] {
  const out: string[] = [];
  writeJson(value, (text) => out.push(text));
  return out;
}

describe("writeJson", () => {
  it.each([
    ["an empty object", {}],
    ["an empty array", []],
    ["a string with line breaks, quotes and control characters", "a\nb \"c\" \u0001 \u2028"],
    ["null", null],
    [
      "nested values with empty members, undefined, functions, dates and text with line breaks",
      {
        file: "plan\n.xlsx",
        grants: [
          { id: "G1", lines: [], nested: { deeper: { deepest: [1, { a: "x\ny" }, [], {}] } }, gone: undefined, fn: () => 1 },
          { id: "G2", lines: [{ id: "L1", at: new Date(0), list: [undefined, () => 2, null] }], empty: {} },
        ],
        findings: [undefined, { code: "X", cell: undefined }],
        "key \"quoted\"\n": 1.5,
        when: new Date(0),
        map: new Map([["a", 1]]),
      },
    ],
  ])("writes exactly JSON.stringify(value, null, 2) and a line break for %s", (_what, value) => {
    expect(pieces(value).join("")).toBe(`${JSON.stringify(value, null, 2)}\n`);
  });

  it("writes a large report in pieces of bounded size", () => {
    const report = {
      file: "plan.xlsx",
      grants: Array.from({ length: 3 }, (_, g) => ({
        id: `G${g}`,
        lines: Array.from({ length: 2000 }, (__, i) => ({ id: `G${g}-${i}`, activity: `Activity ${i}`, allocation: `${i}.00`, reserve: false })),
      })),
      findings: [],
    };
    const out = pieces(report);
    expect(out.join("")).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(out.length).toBeGreaterThan(5);
    // A piece is cut once it passes 64K characters, so none is much longer than that.
    expect(Math.max(...out.map((p) => p.length))).toBeLessThan(70_000);
  });
});

describe("check --json", () => {
  it("writes the report of a plan in pieces that make up the whole JSON report", async () => {
    const book = XlsxWorkbook.empty();
    const setup = setupChanges(await book.read(), generatePlan(2000), "tests", "Grant Planner tests");
    const outcome = await book.apply(setup.changes);
    expect(outcome.ok).toBe(true);
    const path = folder.path("plan-2000.xlsx");
    writeFileSync(path, await book.toBuffer());

    const written: string[] = [];
    // In May 2020 no quarter of the plan's 2020/21 has ended, so no return is missing yet.
    const io = { ...nodeIo(), stdout: (text: string) => void written.push(text), stderr: () => undefined, today: () => "2020-05-01" };
    expect(await main(["check", path, "--json"], io)).toBe(0);
    expect(written.length).toBeGreaterThan(1);
    const whole = written.join("");
    expect(whole.endsWith("}\n")).toBe(true);
    const report: unknown = JSON.parse(whole);
    expect(whole).toBe(`${JSON.stringify(report, null, 2)}\n`);
    expect(report).toMatchObject({ file: path, findings: [] });
  }, 60_000);
});
