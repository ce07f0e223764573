/**
 * Plans made by other programs (test/fixtures/producers/, see docs/producers.md): a
 * Python openpyxl script, LibreOffice, a package in the form Excel writes, and a plain
 * exceljs script. Each is read the way the CLI and file mode read a file
 * (XlsxWorkbook.fromBuffer → read → checkWorkbook) and must give the exact plan: awards and
 * allocations to the penny, the number of lines, and exactly the findings the file earns.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { checkWorkbook } from "../../src/plan/checks";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import { summarise, summaryToJson } from "../../src/plan/summary";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { run } from "../cli/helpers";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { readZip, text } from "../fixtures/zip";

/** Reading a small file is quick; the budget is for a busy two-core machine. */
const READ_MS = 30_000;

const PRODUCERS_DIR = join(__dirname, "..", "fixtures", "producers");

function fixture(name: string): Uint8Array {
  return new Uint8Array(readFileSync(join(PRODUCERS_DIR, name)));
}

interface Checked {
  readonly plan: Plan;
  readonly findings: readonly Finding[];
}

async function checkBytes(bytes: Uint8Array): Promise<Checked> {
  const wb = await XlsxWorkbook.fromBuffer(bytes);
  const result = checkWorkbook(await wb.read());
  if (result.status !== "plan") throw new Error(`not read as a plan: ${result.reason}`);
  return { plan: result.plan, findings: result.findings };
}

/** Award, allocated and unallocated of each grant, in the machine form the CLI prints. */
function totals(plan: Plan): { id: string; award: string | null; allocated: string | null; unallocated: string | null; lines: number }[] {
  return summarise(plan)
    .map(summaryToJson)
    .map((g) => ({ id: g.id, award: g.award, allocated: g.allocated, unallocated: g.unallocated, lines: g.lines.length }));
}

function allocationOf(plan: Plan, lineId: string): string | null {
  const line = plan.lines.find((l) => l.id === lineId);
  if (!line) throw new Error(`no line ${lineId}`);
  return line.allocation === null ? null : line.allocation.toFixed(2);
}

/**
 * Every producer fixture is a version-1 plan, made before quarterly returns: besides the
 * findings it earns, each is told once that it can be upgraded (PLAN_OLDER_VERSION, info).
 * The findings it earns, with that one taken out.
 */
function earned<T extends { readonly code: string }>(findings: readonly T[]): T[] {
  expect(findings.filter((f) => f.code === "PLAN_OLDER_VERSION").length).toBe(1);
  return findings.filter((f) => f.code !== "PLAN_OLDER_VERSION");
}

const where = (findings: readonly Finding[]): { code: string; severity: string; sheet: string; cell: string }[] =>
  earned(findings).map(({ code, severity, sheet, cell }) => ({ code, severity, sheet, cell }));

const SMALL_PLAN_AREAS = ["Early Help", "Youth diversion and mentoring", "Local education initiatives"];

describe("a plan saved by Python's openpyxl (absolute part paths, no stored formula results)", () => {
  let checked: Checked;
  beforeAll(async () => {
    checked = await checkBytes(fixture("openpyxl.xlsx"));
  }, READ_MS);

  it("reads every table: 2 grants, the VRP's 3 priority areas, 8 lines, 8 measures", () => {
    expect(checked.plan.grants.map((g) => g.id)).toEqual(["CRG", "VRP"]);
    expect(checked.plan.grants.find((g) => g.id === "VRP")?.eligibleAreas).toEqual(SMALL_PLAN_AREAS);
    expect(checked.plan.lines.map((l) => l.id)).toEqual(["CRG-01", "CRG-02", "CRG-03", "CRG-04", "VRP-01", "VRP-02", "VRP-03", "VRP-04"]);
    expect(checked.plan.measures).toHaveLength(8);
  });

  it("gives the CRG's figures to the penny", () => {
    expect(totals(checked.plan)[0]).toEqual({ id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00", lines: 4 });
    expect(allocationOf(checked.plan, "CRG-04")).toBe("103000.00");
  });

  it("treats the allocation typed as =60000/2 with no stored result as unknown: an error, never £0.00 or blank", () => {
    const line = checked.plan.lines.find((l) => l.id === "VRP-01");
    expect(line?.allocation).toBeNull();
    expect(line?.allocationKnown).toBe(false);
    expect(where(checked.findings)).toContainEqual({ code: "FORMULA_NOT_CALCULATED", severity: "error", sheet: "Lines", cell: "F6" });
    const onVrp = checked.findings.filter((f) => f.sheet === "Grants" && f.cell === "E3");
    // £30,000.00 is allocated by the formula: the grant is neither short nor over by it.
    expect(onVrp.map((f) => f.code)).not.toContain("UNALLOCATED");
    expect(onVrp.map((f) => f.code)).not.toContain("OVER_ALLOCATED");
    expect(totals(checked.plan)[1]).toEqual({ id: "VRP", award: "180000.00", allocated: null, unallocated: null, lines: 4 });
  });

  it("reports nothing else as an error: no blank amount, no unknown grant, no damaged table", () => {
    const errors = new Set(checked.findings.filter((f) => f.severity === "error").map((f) => f.code));
    expect([...errors]).toEqual(["FORMULA_NOT_CALCULATED"]);
    expect(checked.findings.map((f) => f.code)).not.toContain("AMOUNT_BLANK");
  });
});

describe("a plan written by a plain exceljs script (values only, one amount as text)", () => {
  let checked: Checked;
  beforeAll(async () => {
    checked = await checkBytes(fixture("exceljs-script.xlsx"));
  }, READ_MS);

  it("gives both grants to the penny, the amount written as text included", () => {
    expect(totals(checked.plan)).toEqual([
      { id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00", lines: 4 },
      { id: "VRP", award: "180000.00", allocated: "180000.00", unallocated: "0.00", lines: 4 },
    ]);
    expect(allocationOf(checked.plan, "VRP-03")).toBe("43500.00");
    expect(checked.plan.grants.find((g) => g.id === "VRP")?.eligibleAreas).toEqual(SMALL_PLAN_AREAS);
  });

  it("has exactly one finding: the allocation stored as text, which Excel's SUM would leave out", () => {
    expect(where(checked.findings)).toEqual([{ code: "AMOUNT_AS_TEXT", severity: "error", sheet: "Lines", cell: "F8" }]);
  });
});

describe("a package in the form Excel writes (hand-built: Total Row, no header row, moved tables, binary noise, shared formulas)", () => {
  let checked: Checked;
  beforeAll(async () => {
    checked = await checkBytes(fixture("excel-format.xlsx"));
  }, READ_MS);

  it("reads 9 lines and not the Total Row of tblLines as a tenth", () => {
    expect(checked.plan.lines.map((l) => l.id)).toEqual(["CRG-01", "CRG-02", "CRG-03", "CRG-04", "VRP-01", "VRP-02", "VRP-03", "VRP-04", "SVF-01"]);
    expect(checked.plan.measures).toHaveLength(9);
  });

  it("reads tblPriorityAreas, which has no header row, by its column names", () => {
    expect(checked.plan.grants.find((g) => g.id === "VRP")?.eligibleAreas).toEqual(SMALL_PLAN_AREAS);
  });

  it("reads formula results the way Excel shows them: 118999.99999999999 is £119,000.00, 334965.77999999997 is £334,965.78", () => {
    expect(allocationOf(checked.plan, "CRG-01")).toBe("119000.00");
    expect(allocationOf(checked.plan, "SVF-01")).toBe("334965.78");
    expect(totals(checked.plan)).toEqual([
      { id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00", lines: 4 },
      { id: "VRP", award: "180000.00", allocated: "180000.00", unallocated: "0.00", lines: 4 },
      { id: "SVF", award: "334965.78", allocated: "334965.78", unallocated: "0.00", lines: 1 },
    ]);
  });

  it("has exactly the one finding the file earns, at its real cell on the moved table (no sub-penny, no overwritten formula)", () => {
    expect(where(checked.findings)).toEqual([{ code: "MEASURE_TARGET_MISSING", severity: "warning", sheet: "Measures", cell: "E7" }]);
  });
});

describe("plans saved by LibreOffice", () => {
  it(
    "reads the example converted by LibreOffice exactly as the plan it was made from",
    async () => {
      const converted = await checkBytes(fixture("libreoffice-example.xlsx"));
      const original = await checkBytes(await hostPlanBytes(exampleData(), "sefton-2020-21"));
      expect(totals(converted.plan)).toEqual([
        { id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00", lines: 6 },
        { id: "VRP", award: "180000.00", allocated: "180000.00", unallocated: "0.00", lines: 5 },
      ]);
      expect(converted.plan.measures).toHaveLength(exampleData().measures.length);
      expect(summarise(converted.plan).map(summaryToJson)).toEqual(summarise(original.plan).map(summaryToJson));
      // The example as it was when LibreOffice converted it (version 1, before returns) earns no finding.
      expect(where(converted.findings)).toEqual([]);
      expect(original.findings.filter((f) => f.severity === "error")).toEqual([]);
    },
    READ_MS,
  );

  it(
    "reads LibreOffice's own result of =332000*0.35 (£116,200.00) and the £2,800.00 it leaves unallocated",
    async () => {
      const { plan, findings } = await checkBytes(fixture("libreoffice-formula.xlsx"));
      expect(allocationOf(plan, "CRG-01")).toBe("116200.00");
      expect(totals(plan)[0]).toEqual({ id: "CRG", award: "332000.00", allocated: "329200.00", unallocated: "2800.00", lines: 6 });
      expect(where(findings)).toEqual([{ code: "UNALLOCATED", severity: "warning", sheet: "Grants", cell: "E2" }]);
      expect(findings[0]?.message).toContain("£2,800.00");
    },
    READ_MS,
  );
});

interface CheckJsonGrant {
  readonly id: string;
  readonly award: string | null;
  readonly allocated: string | null;
  readonly unallocated: string | null;
  readonly lines: readonly { id: string; allocation: string | null }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

function grantsOf(stdout: string): CheckJsonGrant[] {
  const parsed: unknown = JSON.parse(stdout);
  if (!isRecord(parsed) || !Array.isArray(parsed["grants"])) throw new Error("no grants in the JSON");
  return parsed["grants"].filter(isRecord).map((g) => ({
    id: String(g["id"]),
    award: typeof g["award"] === "string" ? g["award"] : null,
    allocated: typeof g["allocated"] === "string" ? g["allocated"] : null,
    unallocated: typeof g["unallocated"] === "string" ? g["unallocated"] : null,
    lines: (Array.isArray(g["lines"]) ? g["lines"] : []).filter(isRecord).map((l) => ({
      id: String(l["id"]),
      allocation: typeof l["allocation"] === "string" ? l["allocation"] : null,
    })),
  }));
}

function findingCodesOf(stdout: string): string[] {
  const parsed: unknown = JSON.parse(stdout);
  if (!isRecord(parsed) || !Array.isArray(parsed["findings"])) throw new Error("no findings in the JSON");
  return earned(parsed["findings"].filter(isRecord).map((f) => ({ code: String(f["code"]) }))).map((f) => f.code);
}

describe("grant-planner check --json on other producers' files", () => {
  it(
    "openpyxl: exit 1 for the uncalculated formula; CRG totals exact, VRP totals null (unknown), never a made-up figure",
    async () => {
      const result = await run("check", join(PRODUCERS_DIR, "openpyxl.xlsx"), "--json");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      const [crg, vrp] = grantsOf(result.stdout);
      expect(crg).toMatchObject({ id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00" });
      expect(vrp).toMatchObject({ id: "VRP", award: "180000.00", allocated: null, unallocated: null });
      expect(vrp?.lines.find((l) => l.id === "VRP-01")).toEqual({ id: "VRP-01", allocation: null });
      expect(findingCodesOf(result.stdout)).toContain("FORMULA_NOT_CALCULATED");
    },
    READ_MS,
  );

  it(
    "LibreOffice example: exit 0 with both grants allocated to the penny and no findings",
    async () => {
      const result = await run("check", join(PRODUCERS_DIR, "libreoffice-example.xlsx"), "--json");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(grantsOf(result.stdout).map(({ id, award, allocated, unallocated }) => ({ id, award, allocated, unallocated }))).toEqual([
        { id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00" },
        { id: "VRP", award: "180000.00", allocated: "180000.00", unallocated: "0.00" },
      ]);
      expect(findingCodesOf(result.stdout)).toEqual([]);
    },
    READ_MS,
  );

  it(
    "LibreOffice recalculated formula: exit 0 (a warning only), CRG allocated £329,200.00",
    async () => {
      const result = await run("check", join(PRODUCERS_DIR, "libreoffice-formula.xlsx"), "--json");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(grantsOf(result.stdout)[0]).toMatchObject({ id: "CRG", allocated: "329200.00", unallocated: "2800.00" });
      expect(findingCodesOf(result.stdout)).toEqual(["UNALLOCATED"]);
    },
    READ_MS,
  );

  it(
    "Excel's format: exit 0 with three grants to the penny and only the missing-target warning",
    async () => {
      const result = await run("check", join(PRODUCERS_DIR, "excel-format.xlsx"), "--json");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(grantsOf(result.stdout).map((g) => [g.id, g.allocated, g.unallocated])).toEqual([
        ["CRG", "332000.00", "0.00"],
        ["VRP", "180000.00", "0.00"],
        ["SVF", "334965.78", "0.00"],
      ]);
      expect(findingCodesOf(result.stdout)).toEqual(["MEASURE_TARGET_MISSING"]);
    },
    READ_MS,
  );

  it(
    "exceljs script: exit 1 for the amount stored as text, totals exact",
    async () => {
      const result = await run("check", join(PRODUCERS_DIR, "exceljs-script.xlsx"), "--json");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      expect(grantsOf(result.stdout).map((g) => [g.id, g.allocated])).toEqual([
        ["CRG", "332000.00"],
        ["VRP", "180000.00"],
      ]);
      expect(findingCodesOf(result.stdout)).toEqual(["AMOUNT_AS_TEXT"]);
    },
    READ_MS,
  );
});

describe("the producer fixtures themselves", () => {
  it("are small committed files (under 100 KB each), so no test depends on Python, LibreOffice or Excel", () => {
    for (const name of ["openpyxl.xlsx", "exceljs-script.xlsx", "excel-format.xlsx", "libreoffice-example.xlsx", "libreoffice-formula.xlsx"]) {
      const size = fixture(name).byteLength;
      expect({ name, small: size > 1000 && size < 100 * 1024 }).toEqual({ name, small: true });
    }
  });

  it("keep what makes each producer different (so a reader that passes has met it)", () => {
    const openpyxl = readZip(fixture("openpyxl.xlsx"));
    expect(text(openpyxl, "xl/_rels/workbook.xml.rels")).toContain('Target="/xl/worksheets/sheet1.xml"');
    expect(text(openpyxl, "xl/worksheets/sheet3.xml")).toMatch(/<c r="F6"[^>]*><f>60000\/2<\/f><v\s*\/><\/c>/);
    const excel = readZip(fixture("excel-format.xlsx"));
    expect(text(excel, "xl/tables/table3.xml")).toMatch(/name="tblLines"[^>]* ref="C4:M14" totalsRowCount="1"/);
    expect(text(excel, "xl/tables/table2.xml")).toMatch(/name="tblPriorityAreas"[^>]* headerRowCount="0"/);
    expect(text(excel, "xl/worksheets/sheet3.xml")).toContain("<v>118999.99999999999</v>");
    expect(text(excel, "xl/worksheets/sheet3.xml")).toContain("<v>334965.77999999997</v>");
    expect(text(excel, "xl/worksheets/sheet3.xml")).toContain('<f t="shared" si="0"/>');
    expect(text(readZip(fixture("libreoffice-formula.xlsx")), "docProps/app.xml")).toContain("LibreOffice");
  });
});
