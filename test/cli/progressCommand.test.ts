/**
 * `grant-planner progress` on real .xlsx files: the example as at its own "Returns as at"
 * quarter and as at another, the exact JSON forms, exit codes and usage problems as
 * `check` has them, the clock's quarter when a plan sets none, and a file left untouched.
 */
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { nodeIo } from "../../src/cli/io";
import { main, USAGE } from "../../src/cli/main";
import { allocationChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import { money, sum } from "../../src/plan/money";
import { generatePlan } from "../support/generate";
import { exampleData, hostPlan } from "../fixtures/workbooks";
import { expectOneLineProblem, run, runAt, tempFolder } from "./helpers";

const folder = tempFolder();
afterAll(() => folder.cleanup());

let counter = 0;
const fresh = (name = "plan.xlsx"): string => folder.path(`${++counter}-${name}`);

const MONEY = /^-?\d+\.\d{2}$/;
const PERCENT = /^-?\d+\.\d$/;

interface LineJson {
  id: string;
  allocation: string | null;
  profileToDate: string | null;
  spendToDate: string | null;
  remaining: string | null;
  status: string;
  returnsMissing: string[];
}
interface GrantJson {
  id: string;
  award: string | null;
  allocated: string | null;
  spendToDate: string | null;
  remaining: string | null;
  lines: LineJson[];
}
interface MeasureJson {
  id: string;
  lineId: string;
  kind: string;
  target: number | null;
  targetToDate: number | null;
  actualToDate: number | null;
  percentOfTarget: string | null;
  status: string;
}
interface ProgressReport {
  file: string;
  asAt: string;
  grants: GrantJson[];
  measures: MeasureJson[];
  findings: { code: string; severity: string; sheet: string; cell: string; message: string }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasKeys(value: unknown, keys: readonly string[]): value is Record<string, unknown> {
  return isRecord(value) && Object.keys(value).join(",") === keys.join(",");
}

const moneyOrNull = (v: unknown): boolean => v === null || (typeof v === "string" && MONEY.test(v));
const numberOrNull = (v: unknown): boolean => v === null || typeof v === "number";

/** Exactly the fields, in its order, each in its form. */
function isProgressReport(value: unknown): value is ProgressReport {
  if (!hasKeys(value, ["file", "asAt", "grants", "measures", "findings"])) return false;
  const { grants, measures, findings } = value;
  if (!Array.isArray(grants) || !Array.isArray(measures) || !Array.isArray(findings)) return false;
  const lineOk = (l: unknown): boolean =>
    hasKeys(l, ["id", "allocation", "profileToDate", "spendToDate", "remaining", "status", "returnsMissing"]) &&
    [l.allocation, l.profileToDate, l.spendToDate, l.remaining].every(moneyOrNull) &&
    typeof l.status === "string" &&
    Array.isArray(l.returnsMissing) &&
    l.returnsMissing.every((q: unknown) => typeof q === "string" && /^\d{4}\/\d{2}-Q[1-4]$/.test(q));
  const grantOk = (g: unknown): boolean =>
    hasKeys(g, ["id", "award", "allocated", "spendToDate", "remaining", "lines"]) &&
    [g.award, g.allocated, g.spendToDate, g.remaining].every(moneyOrNull) &&
    Array.isArray(g.lines) &&
    g.lines.every(lineOk);
  const measureOk = (m: unknown): boolean =>
    hasKeys(m, ["id", "lineId", "kind", "target", "targetToDate", "actualToDate", "percentOfTarget", "status"]) &&
    [m.target, m.targetToDate, m.actualToDate].every(numberOrNull) &&
    (m.percentOfTarget === null || (typeof m.percentOfTarget === "string" && PERCENT.test(m.percentOfTarget)));
  const findingOk = (f: unknown): boolean => hasKeys(f, ["code", "severity", "sheet", "cell", "message"]);
  return grants.every(grantOk) && measures.every(measureOk) && findings.every(findingOk);
}

function parseProgress(stdout: string): ProgressReport {
  const parsed: unknown = JSON.parse(stdout);
  if (!isProgressReport(parsed)) throw new Error(`not a progress report in the issue's form: ${stdout.slice(0, 2000)}`);
  // Printed as check prints: exactly JSON.stringify(report, null, 2) and a line break.
  expect(stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  return parsed;
}

/** Runs progress and proves the file was left exactly as it was. */
async function progressUntouched(path: string, ...options: string[]) {
  const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
  const result = await run("progress", path, ...options);
  expect(readFileSync(path).equals(before.bytes)).toBe(true);
  expect(statSync(path).mtimeMs).toBe(before.mtime);
  return result;
}

let example = "";
beforeAll(async () => {
  example = fresh("sefton.xlsx");
  const made = await run("init", example, "--example", "sefton-2020-21");
  expect(made.code).toBe(0);
});

/** Every grant's spend to date is exactly the sum of its lines' (null when one of them is null). */
function expectGrantsAddUp(report: ProgressReport): void {
  for (const g of report.grants) {
    const spends = g.lines.map((l) => l.spendToDate);
    if (spends.some((s) => s === null)) {
      expect(g.spendToDate).toBeNull();
    } else {
      expect(g.spendToDate).toBe(sum(spends.map((s) => money(s ?? "0"))).toFixed(2));
    }
  }
}

describe("grant-planner progress <example> --json", () => {
  it("is as at the plan's own 2020/21-Q2, in the issue's exact form, with grants that add up to the penny", async () => {
    const result = await progressUntouched(example, "--json");
    expect(result.stderr).toBe("");
    const report = parseProgress(result.stdout);
    expect(report.file).toBe(example);
    expect(report.asAt).toBe("2020/21-Q2");
    expect(report.grants.map((g) => g.id)).toEqual(["CRG", "VRP"]);
    expect(report.grants.map((g) => [g.award, g.allocated])).toEqual([
      ["332000.00", "332000.00"],
      ["180000.00", "180000.00"],
    ]);
    expectGrantsAddUp(report);
    // The example has returns for Q1 and Q2: money has been spent.
    expect(report.grants.some((g) => g.spendToDate !== null && money(g.spendToDate).gt(0))).toBe(true);
    expect(report.measures.length).toBeGreaterThan(0);
    expect(report.measures.some((m) => m.percentOfTarget !== null)).toBe(true);
  });

  it("gives the same findings and exit code as check as at the same quarter", async () => {
    for (const asAt of [[], ["--as-at", "2020/21-Q1"], ["--as-at=2020/21-Q4"]]) {
      const progress = await run("progress", example, "--json", ...asAt);
      const check = await run("check", example, "--json", ...asAt);
      expect(check.stderr).toBe("");
      const checked: unknown = JSON.parse(check.stdout);
      expect(isRecord(checked) ? checked.findings : null).toEqual(parseProgress(progress.stdout).findings);
      expect(progress.code).toBe(check.code);
    }
  });

  it("--as-at 2020/21-Q1 counts only Q1: less spent, less profiled, no Q2 in returns missing", async () => {
    const q2 = parseProgress((await run("progress", example, "--json")).stdout);
    const q1 = parseProgress((await progressUntouched(example, "--json", "--as-at", "2020/21-Q1")).stdout);
    expect(q1.asAt).toBe("2020/21-Q1");
    expectGrantsAddUp(q1);
    const linesQ1 = q1.grants.flatMap((g) => g.lines);
    const linesQ2 = q2.grants.flatMap((g) => g.lines);
    expect(linesQ1.map((l) => l.id)).toEqual(linesQ2.map((l) => l.id));
    expect(linesQ1.map((l) => l.allocation)).toEqual(linesQ2.map((l) => l.allocation));
    // Profile to date of an allocated line doubles from Q1 to Q2 (within the pennies of an even split).
    const spent = (r: ProgressReport): string => sum(r.grants.map((g) => money(g.spendToDate ?? "0"))).toFixed(2);
    expect(money(spent(q1)).lt(money(spent(q2)))).toBe(true);
    for (const [i, l] of linesQ1.entries()) {
      const later = linesQ2[i];
      if (l.profileToDate !== null && later?.profileToDate != null) expect(money(l.profileToDate).lte(money(later.profileToDate))).toBe(true);
      expect(l.returnsMissing.filter((q) => q.endsWith("-Q2"))).toEqual([]);
    }
    expect(linesQ2.some((l) => l.returnsMissing.includes("2020/21-Q2"))).toBe(true);
  });
});

describe("grant-planner progress <example> (report)", () => {
  it("prints a readable report per grant, line and measure, then the findings as check prints them", async () => {
    const result = await progressUntouched(example);
    expect(result.stderr).toBe("");
    const text = result.stdout;
    expect(text.startsWith(`Grant Planner progress of ${example}\nAs at Q2 2020/21 (July – September 2020)`)).toBe(true);
    expect(text).toContain("Grant CRG  Crime Reduction Grant 2020/21");
    expect(text).toMatch(/award £332,000\.00 {3}allocated £332,000\.00 {3}spend to date £[\d,]+\.\d\d {3}remaining £[\d,]+\.\d\d/);
    expect(text).toMatch(/\n {2}Line +Allocation +Profile to date +Spend to date +Remaining +Status +Returns missing\n/);
    expect(text).toMatch(/\n {2}CRG-01 +£119,000\.00 /);
    expect(text).toContain("Measures");
    // The findings part is exactly check's.
    const check = (await run("check", example)).stdout;
    const findingsOf = (report: string): string => report.slice(report.search(/\n(Findings: |No findings)/));
    expect(findingsOf(text)).toBe(findingsOf(check));
  });
});

describe("grant-planner progress: exit codes as check", () => {
  it("exits 1 for a plan with an error, as check does", async () => {
    const wb = await hostPlan(exampleData(), "sefton-2020-21");
    const read = checkWorkbook(await wb.read());
    if (read.status !== "plan") throw new Error(read.reason);
    await wb.apply(allocationChanges(read.plan, [{ lineId: "CRG-02", amount: money("51000.00") }]).changes);
    const path = fresh();
    writeFileSync(path, await wb.toBuffer());
    const result = await run("progress", path, "--json", "--as-at", "2020/21-Q2");
    expect(result.code).toBe(1);
    expect(parseProgress(result.stdout).findings).toContainEqual(expect.objectContaining({ code: "OVER_ALLOCATED", severity: "error" }));
    expect((await run("check", path, "--as-at", "2020/21-Q2")).code).toBe(1);
    expect((await run("progress", path)).code).toBe(1);
  });

  it("exits 0 when no finding is an error, and without returns of its own uses the last quarter ended today", async () => {
    const path = fresh();
    expect((await run("init", path)).code).toBe(0);
    const january = await runAt("2021-01-15", "progress", path, "--json");
    expect(january.code).toBe(0);
    expect(parseProgress(january.stdout)).toMatchObject({ asAt: "2020/21-Q3", grants: [], measures: [] });
    // The first day of a quarter: the quarter before it is the last one ended.
    expect(parseProgress((await runAt("2021-04-01", "progress", path, "--json")).stdout).asAt).toBe("2020/21-Q4");
    expect(parseProgress((await runAt("2021-04-01", "progress", path, "--json", "--as-at", "2019/20-Q1")).stdout).asAt).toBe("2019/20-Q1");
  });

  it("the example's own setting wins over the clock; --as-at wins over both", async () => {
    expect(parseProgress((await runAt("2030-06-30", "progress", example, "--json")).stdout).asAt).toBe("2020/21-Q2");
    expect(parseProgress((await runAt("2030-06-30", "progress", example, "--json", "--as-at", "2020/21 q3")).stdout).asAt).toBe("2020/21-Q3");
  });

  it.each([
    [["progress"], /^grant-planner: progress needs the name of an \.xlsx file/],
    [["progress", "a.xlsx", "b.xlsx"], /takes one file, not 2/],
    [["progress", "a.xlsx", "--jsn"], /unknown option --jsn for progress/],
    [["progress", "a.xlsx", "--json=yes"], /--json takes no value/],
    [["progress", "a.xlsx", "--as-at"], /--as-at needs a value/],
    [["progress", "a.xlsx", "--as-at="], /--as-at needs a value/],
    [["progress", "a.xlsx", "--as-at", "2020/21-Q5"], /--as-at "2020\/21-Q5" is not a quarter; .*e\.g\. --as-at 2020\/21-Q2/],
    [["progress", "a.xlsx", "--as-at", "2020/22-Q1"], /--as-at "2020\/22-Q1" is not a quarter/],
    [["progress", "a.xlsx", "--as-at", "Q2"], /--as-at "Q2" is not a quarter/],
    [["check", "a.xlsx", "--as-at", "next year"], /--as-at "next year" is not a quarter/],
    [["progress", "a.xlsx", "--as-at", "2020/21-Q2\nforged line\u001b[2J"], /--as-at "2020\/21-Q2\\u\{a\}forged line\\u\{1b\}\[2J" is not a quarter/],
  ])("rejects %j with one line (exit 2), before reading any file", async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toMatch(message);
  });

  it("exits 2 with one line for a missing file and for a workbook that is not a plan", async () => {
    const missing = await run("progress", folder.path("missing.xlsx"), "--json");
    expect(missing.code).toBe(2);
    expectOneLineProblem(missing);
    expect(missing.stderr).toContain("there is no such file");
    const notes = fresh("notes.xlsx");
    writeFileSync(notes, "Grant,Award\n");
    const notZip = await run("progress", notes);
    expect(notZip.code).toBe(2);
    expectOneLineProblem(notZip);
    expect(notZip.stderr).toContain("not an .xlsx file");
  });

  it("prints the usage for --help (exit 0)", async () => {
    expect(await run("progress", "--help")).toEqual({ code: 0, stdout: USAGE, stderr: "" });
  });
});

describe("grant-planner progress --json on a large plan", () => {
  it("writes its JSON in pieces that make up the whole report", async () => {
    const book = await hostPlan(generatePlan(2000), "generated");
    const path = fresh("plan-2000.xlsx");
    writeFileSync(path, await book.toBuffer());
    const written: string[] = [];
    const io = { ...nodeIo(), stdout: (text: string) => void written.push(text), stderr: () => undefined, today: () => "2021-01-15" };
    const code = await main(["progress", path, "--json"], io);
    expect(code === 0 || code === 1).toBe(true);
    expect(written.length).toBeGreaterThan(1);
    const report = parseProgress(written.join(""));
    expect(report.grants.flatMap((g) => g.lines)).toHaveLength(2000);
    expectGrantsAddUp(report);
  }, 90_000);
});
