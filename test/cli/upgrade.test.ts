/**
 * `grant-planner upgrade`: a version-1 plan becomes version 2 with every cell a person
 * typed where it was; a version-2 plan, a refused upgrade and an unreadable file write
 * nothing.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { type CellValue as XlsxValue, Workbook } from "exceljs";
import { addLineChanges, setupChanges } from "../../src/plan/actions";
import type { Change } from "../../src/plan/changes";
import { checkWorkbook } from "../../src/plan/checks";
import { PROGRESS_HEADER_ROW } from "../../src/plan/returns/linked";
import { META_SHEET, PROGRESS_SHEET, RETURN_TABLES, RETURNS_SCHEMA_VERSION, TABLES } from "../../src/plan/schema";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { exampleData, foreignPlan, hostPlanBytes, notAPlan } from "../fixtures/workbooks";
import { readZip, writeZip } from "../fixtures/zip";
import { newLine } from "../support/plans";
import { expectOneLineProblem, run, tempFolder } from "./helpers";

jest.setTimeout(60_000);

const folder = tempFolder();
afterAll(() => folder.cleanup());

let counter = 0;
const fresh = (name = "plan.xlsx"): string => folder.path(`${++counter}-${name}`);

function write(path: string, bytes: Uint8Array): string {
  writeFileSync(path, bytes);
  return path;
}

const UPGRADE_SHEETS = [...new Set(RETURN_TABLES.map((t) => t.sheet))];
const NOTES_SHEET = "Board notes";

/**
 * A version-1 plan made with the .xlsx host, as setting up wrote plans before quarterly
 * returns (the example's grants, lines and measures, "Schema version" 1), then lived in:
 * a note typed beside the Lines table and a sheet of the person's own.
 */
async function v1PlanBytes(): Promise<Uint8Array> {
  const wb = XlsxWorkbook.empty();
  const { grants, lines, measures } = exampleData();
  const setup = setupChanges(await wb.read(), { grants, lines, measures }, "sefton-2020-21", "Grant Planner tests");
  const returnSheets = new Set([...UPGRADE_SHEETS, PROGRESS_SHEET]);
  const v1 = setup.changes
    .filter((c) => !returnSheets.has(c.sheet))
    .map((c): Change => (c.kind === "setCells" && c.sheet === META_SHEET ? { ...c, cells: c.cells.map((x) => (x.address === "B2" ? { ...x, value: 1 } : x)) } : c));
  const outcome = await wb.apply(v1);
  if (!outcome.ok) throw new Error(outcome.message);
  await wb.edit((book) => {
    const lines = book.getWorksheet("Lines");
    if (lines === undefined) throw new Error("no Lines sheet");
    lines.getCell("P2").value = "Ask finance about Q3";
    const notes = book.addWorksheet(NOTES_SHEET);
    notes.getCell("B7").value = "Virement from VRP-05 discussed";
    notes.getCell("C8").value = { formula: "Lines!F2*2", result: 2 };
  });
  return wb.toBuffer();
}

/** Every cell of every sheet as exceljs reads it (value, formula and result, number format), by sheet and address. */
async function cellsBySheet(bytes: Uint8Array): Promise<Map<string, Map<string, string>>> {
  const book = new Workbook();
  await book.xlsx.load(new Uint8Array(bytes).buffer);
  const sheets = new Map<string, Map<string, string>>();
  book.eachSheet((ws) => {
    const cells = new Map<string, string>();
    ws.eachRow({ includeEmpty: false }, (row) =>
      row.eachCell({ includeEmpty: false }, (cell) => {
        const value: XlsxValue = cell.value;
        cells.set(cell.address, JSON.stringify([value, cell.numFmt ?? null]));
      }),
    );
    sheets.set(ws.name, cells);
  });
  return sheets;
}

function planOf(bytes: Uint8Array) {
  return XlsxWorkbook.fromBuffer(bytes)
    .then((wb) => wb.read())
    .then((raw) => {
      const result = checkWorkbook(raw);
      if (result.status !== "plan") throw new Error(result.reason);
      return result;
    });
}

/** The sheets a version-1 plan has and a person may have typed in: the plan's, the settings, their own. */
const V1_SHEETS = [...TABLES.map((t) => t.sheet), NOTES_SHEET];

describe("grant-planner upgrade", () => {
  let v1: Uint8Array;
  beforeAll(async () => {
    v1 = await v1PlanBytes();
  });

  it("upgrades a version-1 plan in place: the returns sheets are added and every cell of the version-1 sheets reads the same (exit 0)", async () => {
    const file = write(fresh(), v1);
    const before = await cellsBySheet(v1);
    expect([before.get("Lines")?.has("P2"), before.get(NOTES_SHEET)?.has("C8")]).toEqual([true, true]);
    expect((await planOf(v1)).findings.map((f) => f.code)).toContain("PLAN_OLDER_VERSION");

    const result = await run("upgrade", file);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Upgraded ${file} to a version ${RETURNS_SCHEMA_VERSION} plan`);
    for (const sheet of [...UPGRADE_SHEETS, PROGRESS_SHEET]) expect(result.stdout).toContain(`"${sheet}"`);

    const after = await cellsBySheet(readFileSync(file));
    for (const sheet of V1_SHEETS) {
      expect(before.get(sheet)?.size ?? 0).toBeGreaterThan(0);
      expect([sheet, after.get(sheet)]).toEqual([sheet, before.get(sheet)]);
    }
    // In the settings only the schema version changed.
    const meta = new Map(before.get(META_SHEET));
    meta.set("B2", JSON.stringify([RETURNS_SCHEMA_VERSION, null]));
    expect(after.get(META_SHEET)).toEqual(meta);
    for (const sheet of [...UPGRADE_SHEETS, PROGRESS_SHEET]) expect(after.has(sheet)).toBe(true);

    const { plan } = await planOf(readFileSync(file));
    expect(plan.schemaVersion).toBe(RETURNS_SCHEMA_VERSION);
    expect(plan.returns?.spendProfiles.map((p) => p.lineId)).toEqual(exampleData().lines.map((l) => l.id));

    const check = await run("check", file);
    expect(check.stdout).toContain("Grant Planner check of");
    expect(check.stdout).not.toContain("PLAN_OLDER_VERSION");
    const checkBefore = await run("check", write(fresh(), v1));
    expect(checkBefore.stdout).toContain("PLAN_OLDER_VERSION");
  });

  it("writes the upgraded plan to -o and leaves the original as it was; refuses an existing -o without --force", async () => {
    const file = write(fresh(), v1);
    const out = fresh("upgraded.xlsx");
    const result = await run("upgrade", file, "-o", out);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain(`written to ${out}`);
    expect(readFileSync(file).equals(Buffer.from(v1))).toBe(true);
    expect((await planOf(readFileSync(out))).plan.schemaVersion).toBe(RETURNS_SCHEMA_VERSION);

    const upgraded = readFileSync(out);
    const again = await run("upgrade", file, "--output", out);
    expect(again.code).toBe(1);
    expectOneLineProblem(again);
    expect(again.stderr).toContain("already exists, so nothing was written; use --force");
    expect(readFileSync(out).equals(upgraded)).toBe(true);
    expect((await run("upgrade", file, "-o", out, "--force")).code).toBe(0);
  });

  it("upgrades a version-1 plan another program wrote, tables not at A1 and columns of its own, keeping every cell", async () => {
    const bytes = await foreignPlan({ version: 1 });
    const file = write(fresh(), bytes);
    const before = await cellsBySheet(bytes);
    const result = await run("upgrade", file);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    const after = await cellsBySheet(readFileSync(file));
    for (const t of TABLES) expect([t.sheet, after.get(t.sheet)]).toEqual([t.sheet, before.get(t.sheet)]);
    const { plan, findings } = await planOf(readFileSync(file));
    expect(plan.schemaVersion).toBe(RETURNS_SCHEMA_VERSION);
    expect(findings.map((f) => f.code)).not.toContain("PLAN_OLDER_VERSION");
  });

  it("says a version-2 plan is already up to date and writes nothing (exit 0)", async () => {
    const file = write(fresh(), await hostPlanBytes());
    const before = { bytes: readFileSync(file), mtime: statSync(file).mtimeMs };
    const result = await run("upgrade", file);
    expect(result).toEqual({
      code: 0,
      stdout: `${file} is already a version ${RETURNS_SCHEMA_VERSION} plan, with quarterly returns and an up-to-date "${PROGRESS_SHEET}" sheet; nothing was written.\n`,
      stderr: "",
    });
    expect(readFileSync(file).equals(before.bytes)).toBe(true);
    expect(statSync(file).mtimeMs).toBe(before.mtime);
    const out = fresh("copy.xlsx");
    expect((await run("upgrade", file, "-o", out)).code).toBe(0);
    expect(existsSync(out)).toBe(false);
  });

  it("brings a version-2 plan up to date: rows for a line added since, then its whole Progress sheet when it has none", async () => {
    const wb = await XlsxWorkbook.fromBuffer(await hostPlanBytes(exampleData(), "sefton-2020-21"));
    const read = checkWorkbook(await wb.read());
    if (read.status !== "plan") throw new Error(read.reason);
    const added = addLineChanges(read.plan, newLine({ id: "CRG-99", allocation: "10.00" }));
    expect(added.findings).toEqual([]);
    expect((await wb.apply(added.changes)).ok).toBe(true);
    const file = write(fresh(), await wb.toBuffer());
    expect((await run("check", file)).stdout).toContain("PROGRESS_ROWS_MISSING");

    const result = await run("upgrade", file);
    expect([result.code, result.stderr]).toEqual([0, ""]);
    expect(result.stdout).toContain(`Brought ${file} up to date: added 1 row to the "${PROGRESS_SHEET}" sheet`);
    const after = await cellsBySheet(readFileSync(file));
    expect(after.get(PROGRESS_SHEET)?.get(`A${PROGRESS_HEADER_ROW + 1 + exampleData().lines.length + 1}`)).toBe(JSON.stringify(["CRG-99", "@"]));
    expect((await run("check", file)).stdout).not.toContain("PROGRESS_ROWS_MISSING");

    // Without the sheet (deleted by hand): the whole sheet comes back.
    const gone = await XlsxWorkbook.fromBuffer(readFileSync(file));
    await gone.edit((book) => {
      const sheet = book.getWorksheet(PROGRESS_SHEET);
      if (sheet === undefined) throw new Error("no Progress sheet");
      book.removeWorksheet(sheet.id);
    });
    const bare = write(fresh(), await gone.toBuffer());
    expect((await cellsBySheet(readFileSync(bare))).has(PROGRESS_SHEET)).toBe(false);
    const restored = await run("upgrade", bare);
    expect([restored.code, restored.stderr]).toEqual([0, ""]);
    expect(restored.stdout).toContain(`added the "${PROGRESS_SHEET}" sheet`);
    expect((await cellsBySheet(readFileSync(bare))).get(PROGRESS_SHEET)?.get("A1")).toBe(JSON.stringify(["Returns as at", null]));
  });

  it("refuses when a sheet of a returns name is already there, prints the findings as check does, and writes nothing (exit 1)", async () => {
    const wb = await XlsxWorkbook.fromBuffer(v1);
    await wb.edit((book) => {
      book.addWorksheet("Profiles").getCell("A1").value = "My own profile notes";
    });
    const bytes = await wb.toBuffer();
    const file = write(fresh(), bytes);
    const out = fresh("upgraded.xlsx");
    const result = await run("upgrade", file, "-o", out);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain(`Grant Planner upgrade of ${file}: not upgraded, nothing was written.`);
    expect(result.stdout).toMatch(/^Findings: 1 error/m);
    expect(result.stdout).toMatch(/^ {2}Profiles!A1 {2}[A-Z_]+ {2}.*Profiles/m);
    expect(readFileSync(file).equals(Buffer.from(bytes))).toBe(true);
    expect(existsSync(out)).toBe(false);
  });

  it("does not upgrade in place a file with parts it cannot write back, but writes an upgraded copy with -o", async () => {
    const entries = readZip(v1);
    entries.set("xl/charts/chart1.xml", new TextEncoder().encode("<c:chartSpace/>"));
    const bytes = writeZip(entries);
    const file = write(fresh(), bytes);
    const inPlace = await run("upgrade", file);
    expect(inPlace.code).toBe(1);
    expectOneLineProblem(inPlace);
    expect(inPlace.stderr).toContain("has charts, which Grant Planner cannot write back");
    expect(readFileSync(file).equals(Buffer.from(bytes))).toBe(true);

    const out = fresh("upgraded.xlsx");
    const copy = await run("upgrade", file, "-o", out);
    expect([copy.code, copy.stderr]).toEqual([0, ""]);
    expect(copy.stdout).toContain("does not have the charts");
    expect((await planOf(readFileSync(out))).plan.schemaVersion).toBe(RETURNS_SCHEMA_VERSION);
  });

  it.each<[string, () => Promise<Uint8Array>, RegExp]>([
    ["not a plan", notAPlan, /is not a Grant Planner plan/],
    ["not an .xlsx file", () => Promise.resolve(new TextEncoder().encode("Grant, Award\nCRG, 100\n")), /cannot read .*not an \.xlsx file/],
  ])("refuses a file that is %s and writes nothing (exit 2)", async (_name, make, message) => {
    const bytes = await make();
    const file = write(fresh(), bytes);
    const result = await run("upgrade", file);
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toMatch(message);
    expect(readFileSync(file).equals(Buffer.from(bytes))).toBe(true);
  });

  it.each<[string[], RegExp]>([
    [["upgrade"], /upgrade needs the name of an \.xlsx file/],
    [["upgrade", "a.xlsx", "b.xlsx"], /takes one file, not 2/],
    [["upgrade", "a.xlsx", "-o"], /-o needs a value/],
    [["upgrade", "a.xlsx", "-o", "b.csv"], /b\.csv: the file name must end in \.xlsx/],
    [["upgrade", "a.xlsx", "--json"], /unknown option --json for upgrade/],
  ])("%j is a usage mistake (exit 2)", async (argv, message) => {
    const result = await run(...argv);
    expect(result.code).toBe(2);
    expectOneLineProblem(result);
    expect(result.stderr).toMatch(message);
  });

  it("reports a missing file as unreadable (exit 2)", async () => {
    const result = await run("upgrade", fresh("missing.xlsx"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/there is no such file/);
  });
});
