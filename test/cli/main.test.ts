/**
 * `grant-planner` in-process: every exit code of init and check, the report and its JSON,
 * and files people really have (text amounts, merged cells, blank rows, deleted columns,
 * #REF!, not a plan, not a zip, a damaged zip). `check` never writes to the file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, statSync, truncateSync, writeFileSync, mkdirSync } from "node:fs";
import { version } from "../../package.json";
import { nodeIo } from "../../src/cli/io";
import { USAGE } from "../../src/cli/main";
import { DEFAULT_LIMITS } from "../../src/xlsx/read";
import { exampleData, foreignPlan, hostPlan, notAPlan, type ForeignOptions } from "../fixtures/workbooks";
import { allocationChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import { money } from "../../src/plan/money";
import { expectOneLineProblem, run, tempFolder } from "./helpers";

const folder = tempFolder();
afterAll(() => folder.cleanup());

let counter = 0;
const fresh = (name = "plan.xlsx"): string => folder.path(`${++counter}-${name}`);

function write(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}

/** Runs check and proves the file was left exactly as it was. */
async function checkUntouched(path: string, ...options: string[]) {
  const before = { bytes: readFileSync(path), mtime: statSync(path).mtimeMs };
  const result = await run("check", path, ...options);
  expect(readFileSync(path).equals(before.bytes)).toBe(true);
  expect(statSync(path).mtimeMs).toBe(before.mtime);
  return result;
}

interface JsonReport {
  file: string;
  grants: { id: string; name: string; award: string | null; allocated: string | null; unallocated: string | null; lines: unknown[] }[];
  findings: { code: string; severity: string; sheet: string; cell: string; message: string }[];
}

function isReport(value: unknown): value is JsonReport {
  return (
    typeof value === "object" &&
    value !== null &&
    "file" in value &&
    typeof value.file === "string" &&
    "grants" in value &&
    Array.isArray(value.grants) &&
    "findings" in value &&
    Array.isArray(value.findings)
  );
}

function parseReport(stdout: string): JsonReport {
  const parsed: unknown = JSON.parse(stdout);
  if (!isReport(parsed)) throw new Error(`not a check report: ${stdout}`);
  return parsed;
}

/** The bytes with the packed data of every worksheet part overwritten by zeros (the plan's cells are in them). */
function corruptSheets(good: Uint8Array): Uint8Array {
  const bytes = new Uint8Array(good);
  const view = new DataView(bytes.buffer);
  for (let at = 0; at + 30 < bytes.length; at++) {
    if (view.getUint32(at, true) !== 0x04034b50) continue;
    const nameLength = view.getUint16(at + 26, true);
    const name = new TextDecoder().decode(bytes.subarray(at + 30, at + 30 + nameLength));
    const data = at + 30 + nameLength + view.getUint16(at + 28, true);
    if (name.startsWith("xl/worksheets/sheet")) bytes.fill(0, data, Math.min(data + view.getUint32(at + 18, true), bytes.length));
  }
  return bytes;
}

describe("grant-planner: help, version and usage mistakes", () => {
  it("prints the usage for --help (exit 0)", async () => {
    const result = await run("--help");
    expect(result).toEqual({ code: 0, stdout: USAGE, stderr: "" });
    expect(USAGE).toContain("grant-planner check <file.xlsx> [--as-at 2020/21-Q2] [--json]");
    expect(USAGE).toContain("grant-planner progress <file.xlsx> [--as-at 2020/21-Q2] [--json]");
  });

  it("prints the version from package.json (exit 0)", async () => {
    expect(await run("--version")).toEqual({ code: 0, stdout: `${version}\n`, stderr: "" });
  });

  it("prints the usage on stderr when run with nothing (exit 2)", async () => {
    expect(await run()).toEqual({ code: 2, stdout: "", stderr: USAGE });
  });

  it.each([
    [["publish", "x.xlsx"], /unknown command "publish"/],
    [["report"], /unknown command "report"; the commands are init, check, progress, upgrade and summary/],
    [["bad\ncmd\u001b[2J"], /unknown command "bad\\u\{a\}cmd\\u\{1b\}\[2J"/],
    [["--verbose"], /unknown option --verbose/],
    [["check", "a.xlsx", "--jsn"], /unknown option --jsn for check/],
    [["check"], /check needs the name of an \.xlsx file/],
    [["check", "a.xlsx", "b.xlsx"], /takes one file, not 2/],
    [["init", "plan.xlsx", "--example"], /--example needs a value/],
    [["init", "plan.csv"], /must end in \.xlsx/],
    [["check", "a.xlsx", "--json=yes"], /--json takes no value/],
  ])("rejects %j with one line (exit 2)", async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toMatch(message);
  });
});

describe("grant-planner init", () => {
  it("writes a blank plan that checks clean (exit 0)", async () => {
    const path = fresh();
    const result = await run("init", path);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Created ${path} with a blank plan`);
    const check = await run("check", path, "--json");
    expect(check.code).toBe(0);
    expect(parseReport(check.stdout)).toEqual({ file: path, grants: [], findings: [] });
  });

  it("writes the example with --example (exit 0), both forms of the option", async () => {
    for (const argv of [["--example", "sefton-2020-21"], ["--example=sefton-2020-21"]]) {
      const path = fresh();
      const result = await run("init", path, ...argv);
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("2 grants, 11 lines");
      expect(existsSync(path)).toBe(true);
    }
  });

  it("refuses to overwrite an existing file and names --force (exit 1)", async () => {
    const path = write(fresh(), new TextEncoder().encode("my own notes"));
    const result = await run("init", path, "--example", "sefton-2020-21");
    expect(result.code).toBe(1);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("--force");
    expect(readFileSync(path, "utf8")).toBe("my own notes");
  });

  it("replaces an existing file with --force (exit 0)", async () => {
    const path = write(fresh(), new TextEncoder().encode("my own notes"));
    const result = await run("init", path, "--force", "--example", "sefton-2020-21");
    expect(result.code).toBe(0);
    const check = await run("check", path, "--json");
    expect(parseReport(check.stdout).grants.map((g) => g.allocated)).toEqual(["332000.00", "180000.00"]);
  });

  it("refuses an unknown example and lists the known ones (exit 2), writing nothing", async () => {
    const path = fresh();
    const result = await run("init", path, "--example", "sefton-2019");
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toContain('no example called "sefton-2019"');
    expect(result.stderr).toContain("sefton-2020-21");
    expect(existsSync(path)).toBe(false);
  });

  it("says so when the folder does not exist (exit 1), leaving no half-written file", async () => {
    const path = folder.path("no-such-folder/plan.xlsx");
    const result = await run("init", path);
    expect(result.code).toBe(1);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("there is no such file or folder");
  });

  it("leaves no temporary file behind", async () => {
    const dir = folder.path("clean");
    mkdirSync(dir);
    await run("init", `${dir}/plan.xlsx`);
    expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
  });
});

describe("grant-planner check", () => {
  it("passes the example with exactly the documented JSON (exit 0)", async () => {
    const path = fresh();
    await run("init", path, "--example", "sefton-2020-21");
    const result = await checkUntouched(path, "--json");
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const report = parseReport(result.stdout);
    expect(Object.keys(report)).toEqual(["file", "grants", "findings"]);
    expect(report.file).toBe(path);
    // As at its own 2020/21-Q2, the example's one finding is there by design: CRG-04's Q2 return is late.
    expect(report.findings).toEqual([
      { code: "RETURN_MISSING", severity: "warning", sheet: "Lines", cell: "A5", message: expect.stringContaining("CRG-04") as unknown },
    ]);
    expect(report.grants.map((g) => [g.id, g.award, g.allocated, g.unallocated])).toEqual([
      ["CRG", "332000.00", "332000.00", "0.00"],
      ["VRP", "180000.00", "180000.00", "0.00"],
    ]);
    expect(report.grants[1]?.lines[0]).toEqual({ id: "VRP-01", activity: "GANGS Project", allocation: "30000.00", reserve: false });
  });

  it.each([
    ["the Allocation column is deleted", { deleteLinesColumn: "Allocation" }],
    ["the Grant ID column of Lines is deleted", { deleteLinesColumn: "Grant ID" }],
  ])("prints allocated and unallocated as null, never 0.00, when %s (exit 1)", async (_what, options: ForeignOptions) => {
    const path = write(fresh(), await foreignPlan(options));
    const result = await checkUntouched(path, "--json");
    expect(result.code).toBe(1);
    const report = parseReport(result.stdout);
    expect(report.grants.map((g) => [g.id, g.award, g.allocated, g.unallocated])).toEqual([
      ["CRG", "332000.00", null, null],
      ["VRP", "180000.00", null, null],
    ]);
    expect(result.stdout).toContain('"allocated": null');
  });

  it("prints a readable report of grants and findings", async () => {
    const path = fresh();
    await run("init", path, "--example", "sefton-2020-21");
    const result = await checkUntouched(path);
    expect(result.stdout).toContain("CRG  Crime Reduction Grant 2020/21");
    expect(result.stdout).toContain("award £332,000.00   allocated £332,000.00   unallocated £0.00");
    expect(result.stdout).toContain("Findings: 0 errors, 1 warning, 0 information");
    expect(result.stdout).toMatch(/\n {2}Lines!A5 {2}RETURN_MISSING {2}No return has been made for line CRG-04/);
    // As at 2020/21-Q1 every return of the example is in.
    expect((await checkUntouched(path, "--as-at", "2020/21-Q1")).stdout).toContain("No findings");
  });

  it("exits 1 for a plan with an error, listing it by cell and code", async () => {
    const wb = await hostPlan(exampleData(), "sefton-2020-21");
    const read = checkWorkbook(await wb.read());
    if (read.status !== "plan") throw new Error(read.reason);
    await wb.apply(allocationChanges(read.plan, [{ lineId: "CRG-02", amount: money("51000.00") }]).changes);
    const path = write(fresh(), await wb.toBuffer());
    const result = await checkUntouched(path);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("allocated £333,000.00   unallocated -£1,000.00");
    expect(result.stdout).toContain("Findings: 1 error, 1 warning, 0 information");
    expect(result.stdout).toMatch(/Errors \(1\)\n {2}Grants!E2 {2}OVER_ALLOCATED {2}Crime Reduction Grant 2020\/21 is over-allocated by £1,000\.00/);
    const json = parseReport((await checkUntouched(path, "--json", "--as-at", "2020/21-Q1")).stdout);
    expect(json.findings).toEqual([expect.objectContaining({ code: "OVER_ALLOCATED", severity: "error", sheet: "Grants", cell: "E2" })]);
  });

  it.each<[string, ForeignOptions, string, number]>([
    ["amounts stored as text", { amountAsText: true }, "AMOUNT_AS_TEXT", 1],
    ["a #REF! error in an amount", { refErrorInAmount: true }, "CELL_ERROR_VALUE", 1],
    ["merged cells in the Lines table", { mergedInLines: true }, "MERGED_CELLS", 0],
    ["blank rows in the middle", { blankRowInLines: true }, "BLANK_ROW", 0],
    ["a deleted Allocation column", { deleteLinesColumn: "Allocation" }, "COLUMN_MISSING", 1],
  ])("reports %s written by another program", async (_what, options, code, exitCode) => {
    const path = write(fresh(), await foreignPlan(options));
    const result = await checkUntouched(path, "--json");
    expect(result.stderr).toBe("");
    expect(result.code).toBe(exitCode);
    expect(parseReport(result.stdout).findings.map((f) => f.code)).toContain(code);
    const text = await checkUntouched(path);
    expect(text.code).toBe(exitCode);
    expect(text.stdout).toContain(code);
  });

  it("names the cell of a text amount: the Allocation column of the first line", async () => {
    const path = write(fresh(), await foreignPlan({ amountAsText: true }));
    const report = parseReport((await checkUntouched(path, "--json")).stdout);
    expect(report.findings.find((f) => f.code === "AMOUNT_AS_TEXT")).toMatchObject({ sheet: "Lines", cell: "C5" });
  });

  it("exits 2 for a missing file, with one line and nothing on stdout", async () => {
    const result = await run("check", folder.path("missing.xlsx"), "--json");
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("there is no such file");
  });

  it("exits 2 for a file that is not a zip archive", async () => {
    const path = write(fresh("notes.xlsx"), new TextEncoder().encode("Grant,Award\nCRG,332000\n"));
    const result = await checkUntouched(path, "--json");
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("not an .xlsx file (it is not a zip archive)");
  });

  it("exits 2 for a truncated or corrupted zip", async () => {
    const good = await foreignPlan();
    for (const bytes of [good.subarray(0, Math.floor(good.length * 0.6)), corruptSheets(good)]) {
      const path = write(fresh(), bytes);
      const result = await checkUntouched(path);
      expect(result.code).toBe(2);
      expectOneLineProblem(result);
      expect(result.stderr).toContain("the file is damaged");
    }
  });

  it("exits 2 for a valid workbook that is not a plan, giving the reason", async () => {
    const path = write(fresh(), await notAPlan());
    const result = await checkUntouched(path, "--json");
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("is not a Grant Planner plan");
    expect(result.stderr).toContain('no "Grant Planner settings" sheet');
  });

  it("exits 2 for a folder", async () => {
    const result = await run("check", folder.path(""));
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("it is a folder");
  });
});

describe("grant-planner check: files it must not read", () => {
  it("refuses /dev/zero as a device without reading from it (exit 2)", async () => {
    const result = await run("check", "/dev/zero");
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toBe("grant-planner: cannot read /dev/zero: it is a device, not a regular file\n");
  });

  it("refuses a named pipe without waiting for a writer (exit 2)", async () => {
    const pipe = fresh("pipe.xlsx");
    const made = spawnSync("mkfifo", [pipe]);
    expect(made.status).toBe(0);
    const result = await run("check", pipe);
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toContain("it is a pipe, not a regular file");
  });

  it("refuses a file larger than the reader takes, by its size, without reading it (exit 2)", async () => {
    const big = fresh("big.xlsx");
    // A sparse file: its size is past the limit, its blocks take no disk.
    writeFileSync(big, "");
    truncateSync(big, DEFAULT_LIMITS.maxFileBytes + 1);
    const result = await run("check", big);
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toMatch(/: the file is 256 MB; Grant Planner reads plans of up to 256 MB\n$/);
  });

  it("reads at most one byte past the limit of a file, whatever its size", async () => {
    const path = write(fresh("five.bin"), new Uint8Array(5000).fill(7));
    const io = nodeIo();
    expect(await io.readFile(path, 4999)).toEqual({ kind: "too-large", size: 5000 });
    const exact = await io.readFile(path, 5000);
    expect(exact.kind === "bytes" ? exact.bytes.length : exact.kind).toBe(5000);
    expect(await io.readFile(folder.path("nothing-here.xlsx"), 10)).toEqual({ kind: "missing" });
  });

  it("reads a file whose size the system does not know in advance, within the limit", async () => {
    // Files under /proc report a size of 0 and still hold text.
    const read = await nodeIo().readFile("/proc/self/status", 1_000_000);
    expect(read.kind === "bytes" ? new TextDecoder().decode(read.bytes) : read.kind).toMatch(/^Name:/);
    expect(await nodeIo().readFile("/proc/self/status", 8)).toEqual({ kind: "too-large", size: 9 });
  });
});
