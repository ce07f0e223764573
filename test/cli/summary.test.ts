/**
 * `grant-planner summary` on real .xlsx files: the workbook and CSV it writes hold the
 * figures of `progress --json` to the penny, a "Summary" sheet of values only (no formula
 * even where a text begins with =, +, -, @, tab or carriage return), the plan's protective
 * marking first, and exit codes and refusals as `check` and `upgrade` have them.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { Workbook } from "exceljs";
import JSZip from "jszip";
import Papa from "papaparse";
import type { PlanData } from "../../src/plan/template";
import { MONEY_FORMAT } from "../../src/plan/schema";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { expectOneLineProblem, run, tempFolder } from "./helpers";

const folder = tempFolder();
afterAll(() => folder.cleanup());

let counter = 0;
const fresh = (name: string): string => folder.path(`${++counter}-${name}`);

const HOSTILE = "=HYPERLINK(\"http://x\",\"y\")";

interface SheetCell {
  readonly address: string;
  readonly value: unknown;
  readonly formula: boolean;
}

async function readSummary(path: string): Promise<{ sheets: { name: string; state: string }[]; cells: SheetCell[]; rows: unknown[][] }> {
  const wb = new Workbook();
  await wb.xlsx.load(new Uint8Array(readFileSync(path)).buffer);
  const sheets = wb.worksheets.map((s) => ({ name: s.name, state: s.state }));
  const cells: SheetCell[] = [];
  const rows: unknown[][] = [];
  const sheet = wb.getWorksheet("Summary");
  sheet?.eachRow({ includeEmpty: true }, (row, r) => {
    const values: unknown[] = [];
    row.eachCell({ includeEmpty: false }, (cell, c) => {
      const formula = typeof cell.value === "object" && cell.value !== null && ("formula" in cell.value || "sharedFormula" in cell.value);
      cells.push({ address: cell.address, value: cell.value, formula: formula || cell.formula !== undefined });
      values[c - 1] = cell.value;
    });
    rows[r - 1] = values;
  });
  return { sheets, cells, rows };
}

function csvRows(path: string): string[][] {
  const text = readFileSync(path, "utf8");
  expect(text.startsWith("\uFEFF")).toBe(true);
  const parsed = Papa.parse<string[]>(text.slice(1), { delimiter: ",", skipEmptyLines: false });
  expect(parsed.errors).toEqual([]);
  return parsed.data;
}

/** The rows of a table in the CSV: those after its title and header rows, up to the next blank row. */
function csvTable(rows: readonly string[][], title: string): { headers: string[]; body: string[][] } {
  const at = rows.findIndex((r) => r.length === 1 && r[0] === title);
  expect(at).toBeGreaterThanOrEqual(0);
  const end = rows.findIndex((r, i) => i > at && r.length === 1 && r[0] === "");
  return { headers: rows[at + 1] ?? [], body: rows.slice(at + 2, end < 0 ? undefined : end) };
}

interface ProgressJsonShape {
  grants: { id: string; award: string | null; allocated: string | null; spendToDate: string | null; remaining: string | null; lines: { id: string; allocation: string | null; spendToDate: string | null }[] }[];
  measures: { id: string; percentOfTarget: string | null }[];
}

let example = "";
beforeAll(async () => {
  example = fresh("sefton.xlsx");
  expect((await run("init", example, "--example", "sefton-2020-21")).code).toBe(0);
});

describe("grant-planner summary <example>", () => {
  it(
    "writes a workbook and a CSV whose figures are those of progress --json to the penny",
    async () => {
      const out = fresh("summary.xlsx");
      const csv = fresh("summary.csv");
      const result = await run("summary", example, "-o", out, "--csv", csv, "--as-at", "2020/21-Q2");
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(result.stdout).toContain("2020/21-Q2");
      const progress = await run("progress", example, "--as-at", "2020/21-Q2", "--json");
      const json = JSON.parse(progress.stdout) as ProgressJsonShape;
      const rows = csvRows(csv);
      const grants = csvTable(rows, "Grants");
      expect(grants.headers).toEqual(["Grant", "Name", "Award", "Allocated", "Reserve", "Spend to date", "Remaining", "Forecast outturn", "Variance"]);
      const byId = new Map(grants.body.map((r) => [r[0], r]));
      for (const g of json.grants) {
        const row = byId.get(g.id);
        expect([row?.[2], row?.[3], row?.[5], row?.[6]]).toEqual([g.award, g.allocated, g.spendToDate, g.remaining]);
      }
      const lines = csvTable(rows, "Lines");
      const jsonLines = json.grants.flatMap((g) => g.lines);
      expect(lines.body.slice(0, -1).map((r) => [r[0], r[4], r[5]])).toEqual(jsonLines.map((l) => [l.id, l.allocation, l.spendToDate]));
      const measures = csvTable(rows, "Measures");
      expect(measures.body.map((r) => [r[0], r[6] === "" ? null : r[6]])).toEqual(json.measures.map((m) => [m.id, m.percentOfTarget]));

      const book = await readSummary(out);
      expect(book.sheets).toEqual([{ name: "Summary", state: "visible" }]);
      expect(book.cells.filter((c) => c.formula)).toEqual([]);
      // The workbook's figures are the CSV's: each grant row's award is the same number.
      const sheetGrants = book.rows.filter((r) => json.grants.some((g) => g.id === r[0]));
      expect(sheetGrants.map((r) => Number(r[2]).toFixed(2))).toEqual(json.grants.map((g) => g.award));
    },
    60_000,
  );

  it(
    "keeps one grant with --grant, and refuses an unknown grant",
    async () => {
      const out = fresh("vrp.xlsx");
      const csv = fresh("vrp.csv");
      expect((await run("summary", example, "-o", out, "--csv", csv, "--grant", "VRP")).code).toBe(0);
      const grants = csvTable(csvRows(csv), "Grants");
      expect(grants.body.map((r) => r[0])).toEqual(["VRP", "Total"]);
      expect(grants.body[1]?.slice(2)).toEqual(grants.body[0]?.slice(2));
      expect(csvTable(csvRows(csv), "Lines").body.slice(0, -1).every((r) => r[1] === "VRP")).toBe(true);
      const unknown = await run("summary", example, "-o", fresh("none.xlsx"), "--grant", "NOPE");
      expect(unknown.code).toBe(2);
      expectOneLineProblem(unknown);
    },
    60_000,
  );
});

describe("text that begins a formula", () => {
  it(
    "is written as text in the workbook and behind an apostrophe in the CSV, with the marking first",
    async () => {
      const base = exampleData();
      // Two returns of 2020/21-Q1 for different lines: the latest of each line as at Q1.
      const returns = base.returns?.lineReturns ?? [];
      const first = returns.findIndex((r) => r.quarter === 1);
      const second = returns.findIndex((r) => r.quarter === 1 && r.lineId !== returns[first]?.lineId);
      expect(Math.min(first, second)).toBeGreaterThanOrEqual(0);
      const data: PlanData = {
        ...base,
        grants: base.grants.map((g, i) => (i === 0 ? { ...g, name: "@SUM(1,2)" } : g)),
        lines: base.lines.map((l, i) => (i === 0 ? { ...l, theme: "+1+2" } : i === 1 ? { ...l, theme: "-1+2" } : l)),
        returns: {
          ...base.returns,
          lineReturns: returns.map((r, i) => (i === first ? { ...r, commentary: HOSTILE } : i === second ? { ...r, commentary: "\t=1+1\nmore" } : r)),
          settings: { ...(base.returns?.settings ?? {}), "Protective marking": "OFFICIAL-SENSITIVE" },
        },
      };
      const plan = fresh("hostile.xlsx");
      writeFileSync(plan, await hostPlanBytes(data, "test"));
      const out = fresh("hostile-summary.xlsx");
      const csv = fresh("hostile-summary.csv");
      const result = await run("summary", plan, "-o", out, "--csv", csv, "--as-at", "2020/21-Q1");
      expect(result.stderr).toBe("");
      const book = await readSummary(out);
      expect(book.cells.filter((c) => c.formula)).toEqual([]);
      expect(book.rows[0]).toEqual(["OFFICIAL-SENSITIVE"]);
      const texts = book.cells.map((c) => c.value);
      // The plan reads a commentary without its leading and trailing blanks (the tab goes); the rest is kept as text.
      for (const t of [HOSTILE, "=1+1\nmore", "@SUM(1,2)", "+1+2", "-1+2"]) expect(texts).toContain(t);
      const rows = csvRows(csv);
      expect(rows[0]).toEqual(["OFFICIAL-SENSITIVE"]);
      const cells = rows.flat();
      expect(cells.filter((c) => /^[=+\-@\t\r]/.test(c) && !/^-\d+(\.\d+)?$/.test(c))).toEqual([]);
      for (const t of [HOSTILE, "=1+1\nmore", "@SUM(1,2)", "+1+2", "-1+2"]) expect(cells).toContain(`'${t}`);
    },
    60_000,
  );
});

describe("the exported workbook prints and reads well", () => {
  async function load(path: string): Promise<Workbook> {
    const wb = new Workbook();
    await wb.xlsx.load(new Uint8Array(readFileSync(path)).buffer);
    return wb;
  }

  /** The cell of a table's column in its first row, found by the table's title and the column's header. */
  function tableCell(wb: Workbook, title: string, header: string, offset = 1): { numFmt: string; value: unknown; row: number } {
    const sheet = wb.getWorksheet("Summary");
    let found: { numFmt: string; value: unknown; row: number } | undefined;
    sheet?.eachRow((row, r) => {
      if (found !== undefined || row.getCell(1).value !== title) return;
      const headers = sheet.getRow(r + 1);
      let column = 0;
      headers.eachCell((cell, c) => {
        if (cell.value === header) column = c;
      });
      expect(column).toBeGreaterThan(0);
      expect(sheet.getRow(r).getCell(1).font?.bold).toBe(true);
      expect(headers.getCell(column).font?.bold).toBe(true);
      const cell = sheet.getRow(r + 1 + offset).getCell(column);
      found = { numFmt: cell.numFmt, value: cell.value, row: r + 1 + offset };
    });
    if (found === undefined) throw new Error(`no table ${title}`);
    return found;
  }

  it(
    "formats money, percentages and counts by column, bolds titles and headers, and sets widths and A4 landscape one page wide",
    async () => {
      const out = fresh("formats.xlsx");
      expect((await run("summary", example, "-o", out, "--as-at", "2020/21-Q2")).code).toBe(0);
      const wb = await load(out);
      const award = tableCell(wb, "Grants", "Award");
      expect(award.numFmt).toBe(MONEY_FORMAT);
      expect(typeof award.value).toBe("number");
      const spent = tableCell(wb, "Themes", "% spent");
      expect(spent.numFmt).toBe('0.0"%"');
      expect(typeof spent.value).toBe("number");
      expect(tableCell(wb, "Themes", "Lines").numFmt).toBe("#,##0");
      // Text columns keep the general format.
      expect(tableCell(wb, "Grants", "Name").numFmt).toBeUndefined();
      const sheet = wb.getWorksheet("Summary");
      const widths = [1, 2, 3].map((c) => sheet?.getColumn(c).width ?? 0);
      for (const w of widths) expect(w).toBeGreaterThanOrEqual(8);
      expect(sheet?.pageSetup).toMatchObject({ paperSize: 9, orientation: "landscape", fitToPage: true, fitToWidth: 1, fitToHeight: 0 });
      // Without a marking: the six heading lines less the marking are repeated on every page.
      expect(sheet?.pageSetup.printTitlesRow).toBe("1:5");
      expect(wb.title).toBe("Grant Planner summary");
      expect(wb.keywords ?? "").toBe("");
      expect(sheet?.headerFooter.oddHeader ?? "").not.toContain("&C");
      const values: unknown[] = [];
      sheet?.eachRow((row) => row.eachCell((cell) => values.push(cell.value)));
      expect(values.filter((v) => typeof v === "object" && v !== null)).toEqual([]);
    },
    60_000,
  );

  it(
    "carries the protective marking into the page header and footer and the document properties",
    async () => {
      const base = exampleData();
      const data: PlanData = { ...base, returns: { ...base.returns, settings: { ...(base.returns?.settings ?? {}), "Protective marking": "OFFICIAL-SENSITIVE & R&D" } } };
      const plan = fresh("marked.xlsx");
      writeFileSync(plan, await hostPlanBytes(data, "test"));
      const out = fresh("marked-summary.xlsx");
      expect((await run("summary", plan, "-o", out)).code).toBe(0);
      const wb = await load(out);
      const sheet = wb.getWorksheet("Summary");
      expect(sheet?.headerFooter.oddHeader).toContain("&COFFICIAL-SENSITIVE && R&&D".replace("&C", '&C&"-,Bold"'));
      expect(sheet?.headerFooter.oddFooter).toContain("OFFICIAL-SENSITIVE && R&&D");
      expect(sheet?.pageSetup.printTitlesRow).toBe("1:6");
      expect([wb.title, wb.subject, wb.keywords, wb.category]).toEqual(["Grant Planner summary", ...Array<string>(3).fill("OFFICIAL-SENSITIVE & R&D")]);
      const sheetRows: unknown[] = [];
      sheet?.eachRow((row, r) => {
        if (r <= 2) sheetRows.push(row.getCell(1).value);
      });
      expect(sheetRows).toEqual(["OFFICIAL-SENSITIVE & R&D", "Grant Planner summary"]);
      // As written in the file, for programs other than exceljs.
      const zip = await JSZip.loadAsync(readFileSync(out));
      const core = (await zip.file("docProps/core.xml")?.async("string")) ?? "";
      expect(core).toContain("<dc:title>Grant Planner summary</dc:title>");
      expect(core).toContain("<cp:keywords>OFFICIAL-SENSITIVE &amp; R&amp;D</cp:keywords>");
      expect(core).toContain("<cp:category>OFFICIAL-SENSITIVE &amp; R&amp;D</cp:category>");
      const xml = (await zip.file("xl/worksheets/sheet1.xml")?.async("string")) ?? "";
      expect(xml).toMatch(/<pageSetUpPr[^>]*fitToPage="1"/);
      expect(xml).toMatch(/<pageSetup[^>]*paperSize="9"[^>]*orientation="landscape"/);
      expect(xml).toMatch(/<pageSetup[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
      expect(xml).toContain("<oddHeader>&amp;C&amp;&quot;-,Bold&quot;OFFICIAL-SENSITIVE &amp;&amp; R&amp;&amp;D");
      expect(xml).not.toMatch(/<f[ >]/);
      const names = (await zip.file("xl/workbook.xml")?.async("string")) ?? "";
      expect(names).toMatch(/<definedName name="_xlnm.Print_Titles" localSheetId="0">(&apos;)?Summary(&apos;)?!\$1:\$6<\/definedName>/);
    },
    60_000,
  );
});

describe("refusals and exit codes", () => {
  it(
    "refuses an existing -o or --csv without --force, leaving it untouched, and replaces it with --force",
    async () => {
      const out = fresh("exists.xlsx");
      writeFileSync(out, "keep me");
      const refused = await run("summary", example, "-o", out);
      expect(refused.code).toBe(1);
      expectOneLineProblem(refused);
      expect(readFileSync(out, "utf8")).toBe("keep me");
      const csv = fresh("exists.csv");
      writeFileSync(csv, "keep me too");
      const other = fresh("new.xlsx");
      const refusedCsv = await run("summary", example, "-o", other, "--csv", csv);
      expect(refusedCsv.code).toBe(1);
      expect(existsSync(other)).toBe(false);
      expect(readFileSync(csv, "utf8")).toBe("keep me too");
      const forced = await run("summary", example, "-o", out, "--force");
      expect(forced.code).toBe(0);
      expect((await readSummary(out)).sheets.map((s) => s.name)).toEqual(["Summary"]);
    },
    60_000,
  );

  it(
    "is a usage problem without -o, with an -o that is not .xlsx or is the plan, and for an unreadable plan",
    async () => {
      const before = statSync(example).mtimeMs;
      for (const args of [[example], [example, "-o", fresh("x.csv")], [example, "-o", example], [example, "-o", fresh("y.xlsx"), "--json"], [fresh("missing.xlsx"), "-o", fresh("z.xlsx")]]) {
        const result = await run("summary", ...args);
        expect(result.code).toBe(2);
        expectOneLineProblem(result);
      }
      expect(statSync(example).mtimeMs).toBe(before);
    },
    60_000,
  );

  it(
    "exits 1 when the plan has errors, as check does, and still writes the summary",
    async () => {
      const base = exampleData();
      const data: PlanData = { ...base, lines: base.lines.map((l, i) => (i === 0 ? { ...l, allocation: "99999999.00" } : l)) };
      const plan = fresh("errors.xlsx");
      writeFileSync(plan, await hostPlanBytes(data, "test"));
      expect((await run("check", plan)).code).toBe(1);
      const out = fresh("errors-summary.xlsx");
      const result = await run("summary", plan, "-o", out);
      expect(result.code).toBe(1);
      expect(existsSync(out)).toBe(true);
    },
    60_000,
  );
});
