/**
 * One or more cases per finding code worked out from the progress figures
 * (RETURN_PROGRESS_CODES), on the small version-2 plan (./support.ts), with severity, sheet,
 * cell and the figures the message names; then what must not raise them.
 */
import { describeFindingCases } from "../../support/findingCases";
import type { CellValue } from "../../../src/plan/cell";
import { checkPlan } from "../../../src/plan/checks";
import { type Finding, RETURN_PROGRESS_CODES, type Severity } from "../../../src/plan/findings";
import type { RawWorkbook } from "../../../src/plan/raw";
import { META_KEYS } from "../../../src/plan/schema";
import { parseAsAt } from "../../../src/plan/returns/progress";
import { returnsFindings } from "../../../src/plan/returns/checks";
import { withCell } from "../../support/raw";
import { checkedRaw, rawV2, SMALL, SMALL_RETURNS, withReturnRows } from "./support";

type ProgressCode = (typeof RETURN_PROGRESS_CODES)[number];

interface Case {
  readonly name: string;
  readonly raw: () => RawWorkbook;
  readonly expected: { readonly severity: Severity; readonly sheet: string; readonly cell: string; readonly says: readonly string[] };
}

const LINE_RETURNS = "Line returns";
const lineCell = (address: string, value: CellValue) => (): RawWorkbook => withCell(rawV2(), LINE_RETURNS, address, value);
/** The small plan as at Q3, with Q3 returns for L1 (£10.00) and L2 (£100.00). */
const atQ3 = (l1Spend: number): RawWorkbook =>
  rawV2(
    SMALL,
    withReturnRows(SMALL_RETURNS, "lineReturns", (rows) => [
      ...rows,
      ["L2", "2020/21", "Q2", 100, "Green", "", "", "", null],
      ["L1", "2020/21", "Q3", l1Spend, "Amber", "Slow", "", "", null],
      ["L2", "2020/21", "Q3", 100, "Green", "", "", "", null],
    ]),
    { [META_KEYS.returnsAsAt]: "2020/21-Q3" },
  );

const CASES: { readonly [C in ProgressCode]: readonly Case[] } = {
  SPEND_OVER_ALLOCATION: [
    {
      name: "a line that has spent more than its allocation",
      raw: lineCell("D3", 400),
      expected: { severity: "error", sheet: "Lines", cell: "F2", says: ["Line L1", "£490.00", "2020/21-Q2", "£90.00 more", "£400.00"] },
    },
  ],
  SPEND_PROFILE_MISMATCH: [
    {
      name: "a typed spend profile a penny short of the allocation",
      raw: () => withCell(rawV2(), "Profiles", "E3", 100),
      expected: { severity: "error", sheet: "Profiles", cell: "B3", says: ["line L2", "£500.00", "£500.01", "£0.01"] },
    },
  ],
  TARGET_PROFILE_MISMATCH: [
    {
      name: "a typed target profile that does not add up to the target",
      raw: () => rawV2(SMALL, withReturnRows(SMALL_RETURNS, "targetProfile", (rows) => [["M1", "Typed", 3, 3, 3, 3], ...rows.slice(1)])),
      expected: { severity: "error", sheet: "Profiles", cell: "I2", says: ["measure M1", "adds up to 12", "target is 10"] },
    },
    {
      name: "a profile word that is not a profile",
      raw: () => withCell(rawV2(), "Profiles", "H3", "Lumpy"),
      expected: { severity: "error", sheet: "Profiles", cell: "H3", says: ["measure M2", '"Lumpy"', "All in Q1"] },
    },
  ],
  VARIANCE_NO_COMMENTARY: [
    {
      name: "a quarter's spend 25% under its profile, Commentary blank",
      raw: () => rawV2(),
      expected: { severity: "warning", sheet: LINE_RETURNS, cell: "F4", says: ["Line L2", "£150.00", "Q1", "£200.00", "under by £50.00 (25.0%)"] },
    },
    {
      name: "a quarter's spend over its even profile, Commentary cleared",
      raw: () => withCell(withCell(rawV2(), LINE_RETURNS, "D3", 111), LINE_RETURNS, "F3", "  "),
      expected: { severity: "warning", sheet: LINE_RETURNS, cell: "F3", says: ["Line L1", "£111.00", "Q2", "£100.00", "over by £11.00 (11.0%)"] },
    },
  ],
  UNDERSPEND_RISK: [
    {
      name: "at Q3, a line 26.7% under its profile to date",
      raw: () => atQ3(10),
      expected: { severity: "warning", sheet: "Lines", cell: "F2", says: ["Line L1", "£220.00", "2020/21-Q3", "£300.00", "£80.00 (26.7%)", "15%"] },
    },
  ],
  RETURN_MISSING: [
    {
      name: "a line with no return for an ended quarter",
      raw: () => rawV2(),
      expected: { severity: "warning", sheet: "Lines", cell: "A3", says: ["line L2", "the quarter that has ended: 2020/21-Q2"] },
    },
    {
      name: "a milestone with no returns at all",
      raw: () => rawV2(),
      expected: { severity: "warning", sheet: "Measures", cell: "A5", says: ["milestone measure M4", "2 quarters", "2020/21-Q1, 2020/21-Q2"] },
    },
  ],
};

describeFindingCases("every progress code about returns has a case that raises it", RETURN_PROGRESS_CODES, CASES, (c) => checkedRaw(c.raw()).findings);

const of = (findings: readonly Finding[], code: ProgressCode): string[] => findings.filter((f) => f.code === code).map((f) => `${f.sheet}!${f.cell}`);

describe("what does not raise them", () => {
  it("a variance of exactly 10% needs no commentary", () => {
    const { findings } = checkedRaw(withCell(withCell(rawV2(), LINE_RETURNS, "D3", 110), LINE_RETURNS, "F3", null));
    expect(of(findings, "VARIANCE_NO_COMMENTARY")).toEqual(["Line returns!F4"]);
  });

  it("a spend profile that adds up, or is blank, is no mismatch", () => {
    expect(of(checkedRaw(rawV2()).findings, "SPEND_PROFILE_MISMATCH")).toEqual([]);
  });

  it("no underspend risk before Q3, nor on a line within the setting's percentage, nor on a reserve", () => {
    // As at Q2 the same shortfall is no risk yet.
    expect(of(checkedRaw(withCell(rawV2(), LINE_RETURNS, "D3", 10)).findings, "UNDERSPEND_RISK")).toEqual([]);
    // L1 at £260.00 of £300.00 is 13.3% under and L2 at £350.00 of £400.00 12.5% under, both within 15%; L3 is the reserve.
    expect(of(checkedRaw(atQ3(50)).findings, "UNDERSPEND_RISK")).toEqual([]);
    // With the setting at 10%, both are a risk.
    const raw = atQ3(50);
    const stricter = { ...raw, meta: { ...raw.meta, [META_KEYS.underspendPercent]: 10 } };
    expect(of(checkedRaw(stricter).findings, "UNDERSPEND_RISK")).toEqual(["Lines!F2", "Lines!F3"]);
  });

  it("a line with no return at all to date is missing its returns, not at risk of underspend", () => {
    const raw = rawV2(SMALL, withReturnRows(SMALL_RETURNS, "lineReturns", (rows) => rows.slice(0, 2)), { [META_KEYS.returnsAsAt]: "2020/21-Q3" });
    const { findings } = checkedRaw(raw);
    // L1 (£210.00 of £300.00, with returns) is at risk; L2, with none, is not.
    expect(of(findings, "UNDERSPEND_RISK")).toEqual(["Lines!F2"]);
    expect(findings.find((f) => f.code === "RETURN_MISSING" && f.cell === "A3")?.message).toContain("2020/21-Q1, 2020/21-Q2, 2020/21-Q3");
  });

  it("the reserve line needs no returns; as at a quarter before the grant's year nothing is missing", () => {
    const { findings } = checkedRaw(rawV2());
    expect(of(findings, "RETURN_MISSING")).not.toContain("Lines!A4");
    const before = checkedRaw(rawV2(), { asAt: { year: { startYear: 2019 }, quarter: 4 } });
    expect(of(before.findings, "RETURN_MISSING")).toEqual([]);
  });

  it("the as-at quarter given wins over the plan's setting; without either, the last quarter ended today", () => {
    const q1 = parseAsAt("2020/21-Q1");
    if (q1 === null) throw new Error("no quarter");
    expect(of(checkedRaw(rawV2(), { asAt: q1 }).findings, "RETURN_MISSING")).toEqual(["Measures!A5"]);
    const noSetting = rawV2(SMALL, SMALL_RETURNS, {});
    expect(of(checkedRaw(noSetting, { today: "2020-08-01" }).findings, "RETURN_MISSING")).toEqual(["Measures!A5"]);
    expect(of(checkedRaw(noSetting, { today: "2020-10-01" }).findings, "RETURN_MISSING")).toEqual(["Lines!A3", "Measures!A4", "Measures!A5"]);
  });

  it("a version-1 plan gets no returns findings", () => {
    const { plan } = checkedRaw(rawV2());
    const v1 = { ...plan, schemaVersion: 1, returns: null };
    expect(returnsFindings(v1, { year: { startYear: 2020 }, quarter: 4 })).toEqual([]);
    expect(checkPlan(v1, { today: "2021-06-01" }).filter((f) => (RETURN_PROGRESS_CODES as readonly string[]).includes(f.code))).toEqual([]);
  });
});
