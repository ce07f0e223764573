/**
 * The board summary's change kinds in the .xlsx host, checked in the saved file: a block of
 * values (text never a formula), formats and column widths, the page setup (the same as
 * the exported summary workbook has), deleting a sheet with everything that belongs to it
 * and nothing else, renaming one with its names and colours, the owned sheet read back, and
 * the refusals that leave the file as it was, charts included.
 */
import { Workbook, type Worksheet } from "exceljs";
import { type Change, type CellFormat, type CellInput, describeChange } from "../../src/plan/changes";
import { checkWorkbook } from "../../src/plan/checks";
import type { RawWorkbook } from "../../src/plan/raw";
import { LINE_RETURNS, LINES, MONEY_FORMAT, OWNED_SHEET_MAX_CELLS, SUMMARY_SHEET } from "../../src/plan/schema";
import { KIND_FORMATS, SUMMARY_TITLE } from "../../src/plan/boardpack/sheet";
import { expressionRules } from "../../src/xlsx/conditionalFormats";
import { type Inflater, streamInflater } from "../../src/xlsx/read/inflate";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { editPart, readZip, sheetPart, text, utf8, writeZip } from "../fixtures/zip";

/** A few saves and reads of the example plan, on a busy machine. */
const CASE_MS = 60_000;

const HYPERLINK = '=HYPERLINK("http://example.org/q2","Q2 report")';
const MARKING = "OFFICIAL-SENSITIVE & PERSONAL";

/** A small summary: six heading lines, a blank row, a table's title, header and two rows, from A1. */
const BLOCK: Change = {
  kind: "setBlock",
  sheet: SUMMARY_SHEET,
  row: 0,
  column: 0,
  rows: [
    [MARKING],
    ["Grant Planner summary"],
    ["Plan: sefton.xlsx"],
    ["Grants: all"],
    ["As at 2020/21-Q2"],
    ["Generated 01/12/2026"],
    [],
    ["Lines"],
    ["Line", "Allocation", "% spent", "Latest commentary"],
    ["CRG-01", 119000, 42.2, HYPERLINK],
    ["CRG-02", 0.5, null, "- late: staff shielding"],
  ],
};

const FORMATS: Change = {
  kind: "formatCells",
  sheet: SUMMARY_SHEET,
  formats: [
    { range: "A8", bold: true, fontSize: 12 },
    { range: "A9:D9", bold: true, wrap: true },
    { range: "B9:C9", horizontal: "right" },
    { range: "B10:B11", numberFormat: MONEY_FORMAT },
    { range: "C10:C11", numberFormat: '0.0"%"' },
    { range: "D10:D11", wrap: true, vertical: "top" },
  ],
  columnWidths: [10, 13, null, 50],
  rowHeights: [{ row: 9, points: 30 }],
};

const PAGE: Change = { kind: "pageSetup", sheet: SUMMARY_SHEET, printTitleRows: "1:6", marking: MARKING, title: SUMMARY_TITLE };
const CREATE: Change = { kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false };

const written = (changes: readonly Change[]): string[] => changes.filter((c) => c.kind !== "expect").map(describeChange);

let examplePlan: Uint8Array | null = null;
/** The example plan as our host sets it up (made once, copied for each case). */
async function example(): Promise<XlsxWorkbook> {
  examplePlan ??= await hostPlanBytes(exampleData(), "sefton-2020-21");
  return XlsxWorkbook.fromBuffer(examplePlan);
}

async function applied(wb: XlsxWorkbook, changes: readonly Change[]): Promise<void> {
  expect(await wb.apply(changes)).toEqual({ ok: true, written: written(changes) });
}

async function excel(bytes: Uint8Array): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

function sheetOf(book: Workbook, name: string): Worksheet {
  const ws = book.getWorksheet(name);
  if (!ws) throw new Error(`no sheet ${name}`);
  return ws;
}

/** The plan's tables as the core sees them, without the sheet they are on. */
function tables(raw: RawWorkbook): object[] {
  return raw.tables.map((t) => ({ name: t.name, headers: t.headers, rows: t.rows, below: t.below }));
}

/** The <definedName> elements of the workbook part, their text decoded ('Summary'!$1:$6). */
function definedNames(bytes: Uint8Array): string[] {
  return [...text(readZip(bytes), "xl/workbook.xml").matchAll(/<definedName\b[^>]*>[^<]*<\/definedName>/g)].map((m) =>
    m[0].replace(/&apos;/g, "'").replace(/&quot;/g, '"').replace(/&amp;/g, "&"),
  );
}

/** The expression rules of a sheet in the saved file. */
function rulesOf(bytes: Uint8Array, sheet: string): { range: string; formula: string; fill: string | null; stopIfTrue: boolean }[] {
  const zip = readZip(bytes);
  return expressionRules(text(zip, sheetPart(zip, sheet)), text(zip, "xl/styles.xml")).map(({ range, formula, fill, stopIfTrue }) => ({ range, formula, fill, stopIfTrue }));
}

const CUSTOM = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="Classification"><vt:lpwstr>OFFICIAL-SENSITIVE</vt:lpwstr></property></Properties>';

/** The bytes with a custom properties part (where protective markings are recorded), as Excel writes it. */
function withCustomProperties(bytes: Uint8Array): Uint8Array {
  const entries = readZip(bytes);
  entries.set("docProps/custom.xml", utf8(CUSTOM));
  editPart(entries, "_rels/.rels", (xml) =>
    xml.replace("</Relationships>", '<Relationship Id="rId90" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>'),
  );
  editPart(entries, "[Content_Types].xml", (xml) =>
    xml.replace("</Types>", '<Override PartName="/docProps/custom.xml" ContentType="application/vnd.openxmlformats-officedocument.custom-properties+xml"/></Types>'),
  );
  return writeZip(entries);
}

describe("the .xlsx host: the Summary sheet", () => {
  it(
    "writes a block, its formats and page setup into the plan; a reopened file reads the values back, text that began with = as text",
    async () => {
      const wb = await example();
      const before = await wb.read();
      await applied(wb, [CREATE, BLOCK, FORMATS, PAGE]);
      const bytes = await wb.toBuffer();

      // Read back by the plan reader: the owned sheet's values from A1, and the plan as it was.
      const reopened = await XlsxWorkbook.fromBuffer(bytes);
      const raw = await reopened.read();
      const width = (row: readonly (string | number | null)[]): (string | number | null)[] => [...row, null, null, null, null].slice(0, 4);
      expect(raw.ownedSheets).toEqual([
        {
          sheet: SUMMARY_SHEET,
          values: [
            width([MARKING]),
            width(["Grant Planner summary"]),
            width(["Plan: sefton.xlsx"]),
            width(["Grants: all"]),
            width(["As at 2020/21-Q2"]),
            width(["Generated 01/12/2026"]),
            width([]),
            width(["Lines"]),
            ["Line", "Allocation", "% spent", "Latest commentary"],
            ["CRG-01", 119000, 42.2, HYPERLINK],
            ["CRG-02", 0.5, null, "- late: staff shielding"],
          ],
        },
      ]);
      expect(tables(raw)).toEqual(tables(before));
      expect(checkWorkbook(raw).status).toBe("plan");

      // The sheet holds no formula at all: the commentary is a string cell.
      const zip = readZip(bytes);
      const sheetXml = text(zip, sheetPart(zip, SUMMARY_SHEET));
      expect(sheetXml).not.toMatch(/<f[\s>]/);
      const summary = sheetOf(await excel(bytes), SUMMARY_SHEET);
      expect(summary.getCell("D10").value).toBe(HYPERLINK);
      expect(summary.getCell("D10").formula).toBeUndefined();
      expect(summary.getCell("B10").value).toBe(119000);

      // Formats, as exceljs reads them from the file.
      expect(summary.getCell("A8").font).toEqual(expect.objectContaining({ bold: true, size: 12 }));
      expect(summary.getCell("B9").font).toEqual(expect.objectContaining({ bold: true }));
      expect(summary.getCell("B9").alignment).toEqual({ horizontal: "right", wrapText: true });
      expect(summary.getCell("A9").alignment).toEqual({ wrapText: true });
      expect(summary.getCell("B10").numFmt).toBe(MONEY_FORMAT);
      expect(summary.getCell("C11").numFmt).toBe('0.0"%"');
      expect(summary.getCell("D11").alignment).toEqual({ wrapText: true, vertical: "top" });
      expect([1, 2, 4].map((c) => summary.getColumn(c).width)).toEqual([10, 13, 50]);
      // The row of wrapped commentary keeps its height: a file's reader does not make it taller.
      expect(summary.getRow(10).height).toBe(30);
      expect(sheetXml).toMatch(/<row r="10"[^>]*ht="30"[^>]*customHeight="1"/);
      // Cells left alone keep the default look; the plan's own money cells keep theirs.
      expect(summary.getCell("A10").font?.bold).toBeUndefined();
      expect(sheetOf(await excel(bytes), LINES.sheet).getCell("F2").numFmt).toBe(MONEY_FORMAT);

      // Page setup, in the file's own words.
      expect(sheetXml).toMatch(/<pageSetUpPr [^>]*fitToPage="1"/);
      expect(sheetXml).toMatch(/<pageSetup [^>]*paperSize="9"[^>]*orientation="landscape"[^>]*fitToWidth="1"[^>]*fitToHeight="0"/);
      expect(sheetXml).toContain("<oddHeader>&amp;C&amp;&quot;-,Bold&quot;OFFICIAL-SENSITIVE &amp;&amp; PERSONAL&amp;RGrant Planner summary</oddHeader>");
      expect(sheetXml).toContain("<oddFooter>&amp;C&amp;&quot;-,Bold&quot;OFFICIAL-SENSITIVE &amp;&amp; PERSONAL&amp;RPage &amp;P of &amp;N</oddFooter>");
      expect(definedNames(bytes)).toEqual(expect.arrayContaining([expect.stringMatching(/^<definedName name="_xlnm.Print_Titles" localSheetId="\d+">'?Summary'?!\$1:\$6<\/definedName>$/)]));
    },
    CASE_MS,
  );

  it(
    "lays the sheet out for print exactly as the exported summary workbook was laid out through exceljs before",
    async () => {
      const heading = ["R&D", SUMMARY_TITLE];
      const rows = [[heading[0] ?? ""], [heading[1] ?? ""], [], ["Grants"], ["Grant", "Award"], ["CRG", 332000]];
      // The reference: the settings the export wrote with exceljs itself (presentSummary, before the export used these changes).
      const reference = new Workbook();
      const ws = reference.addWorksheet(SUMMARY_SHEET);
      rows.forEach((row, r) => row.forEach((value, c) => (ws.getCell(r + 1, c + 1).value = value)));
      ws.getCell("A4").font = { bold: true, size: 12 };
      ws.getCell("A5").font = { bold: true };
      ws.getCell("A5").alignment = { wrapText: true };
      ws.getCell("B5").font = { bold: true };
      ws.getCell("B5").alignment = { horizontal: "right", wrapText: true };
      ws.getCell("B6").numFmt = KIND_FORMATS.money;
      ws.getColumn(1).width = 8;
      ws.getColumn(2).width = 13;
      ws.pageSetup.paperSize = 9;
      ws.pageSetup.orientation = "landscape";
      ws.pageSetup.fitToPage = true;
      ws.pageSetup.fitToWidth = 1;
      ws.pageSetup.fitToHeight = 0;
      ws.pageSetup.printTitlesRow = "1:2";
      ws.headerFooter.oddHeader = `&C&"-,Bold"R&&D&R${SUMMARY_TITLE}`;
      ws.headerFooter.oddFooter = `&C&"-,Bold"R&&D&RPage &P of &N`;
      const exported = new Uint8Array(await reference.xlsx.writeBuffer());

      // The same sheet through the host's change kinds.
      const wb = XlsxWorkbook.empty();
      const formats: CellFormat[] = [
        { range: "A4", bold: true, fontSize: 12 },
        { range: "A5", bold: true, wrap: true },
        { range: "B5", bold: true, horizontal: "right", wrap: true },
        { range: "B6", numberFormat: KIND_FORMATS.money },
      ];
      await applied(wb, [
        CREATE,
        { kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows },
        { kind: "formatCells", sheet: SUMMARY_SHEET, formats, columnWidths: [8, 13] },
        { kind: "pageSetup", sheet: SUMMARY_SHEET, printTitleRows: "1:2", marking: "R&D", title: SUMMARY_TITLE },
      ]);
      const ours = await wb.toBuffer();

      const look = async (bytes: Uint8Array): Promise<object> => {
        const sheet = sheetOf(await excel(bytes), SUMMARY_SHEET);
        const zip = readZip(bytes);
        const xml = text(zip, sheetPart(zip, SUMMARY_SHEET));
        return {
          values: [1, 2, 3, 4, 5, 6].map((r) => [sheet.getCell(r, 1).value, sheet.getCell(r, 2).value]),
          styles: ["A4", "A5", "B5", "B6"].map((a) => ({ font: sheet.getCell(a).font, alignment: sheet.getCell(a).alignment, numFmt: sheet.getCell(a).numFmt })),
          widths: [sheet.getColumn(1).width, sheet.getColumn(2).width],
          pageSetUpPr: /<pageSetUpPr\b[^>]*>/.exec(xml)?.[0],
          pageSetup: /<pageSetup\b[^>]*>/.exec(xml)?.[0],
          headerFooter: /<headerFooter\b[\s\S]*?<\/headerFooter>/.exec(xml)?.[0],
          printTitles: definedNames(bytes).filter((n) => n.includes("Print_Titles")),
        };
      };
      const seen = await look(ours);
      expect(seen).toEqual(await look(exported));
      expect(JSON.stringify(seen)).toContain("R&amp;&amp;D");
    },
    CASE_MS,
  );

  it(
    "deletes the sheet with its table, print titles, defined names and colours; the rest of the plan, its other colours and names, and the marking parts stay as they were",
    async () => {
      const wb = await example();
      const colour = (sheet: string, range: string, fill: string): Change => ({ kind: "conditionalFormat", sheet, range, rules: [{ formula: `$A1="x${fill}"`, fill }] });
      await applied(wb, [
        CREATE,
        BLOCK,
        PAGE,
        {
          kind: "createTable",
          sheet: SUMMARY_SHEET,
          table: "tblSummaryNotes",
          headerRow: 14,
          firstColumn: 0,
          columns: [{ header: "Note", numberFormat: "@", width: 20, validation: null }],
          rows: [["kept by hand"]],
        },
        colour(SUMMARY_SHEET, "A10:D11", "#FF0000"),
        colour(LINE_RETURNS.sheet, "E2:E500", "#00B050"),
      ]);
      await wb.edit((book) => {
        book.definedNames.add(`${SUMMARY_SHEET}!$A$1`, "SummaryTop");
        book.definedNames.add(`${LINES.sheet}!$A$2`, "FirstLine");
      });
      const start = await XlsxWorkbook.fromBuffer(withCustomProperties(await wb.toBuffer()));
      const beforeBytes = await start.toBuffer();
      const before = await start.read();
      expect(rulesOf(beforeBytes, SUMMARY_SHEET)).toHaveLength(1);
      expect(definedNames(beforeBytes).filter((n) => n.includes(SUMMARY_SHEET))).toHaveLength(2);

      await applied(start, [{ kind: "deleteSheet", sheet: "summary" }]);
      const bytes = await start.toBuffer();
      const zip = readZip(bytes);
      expect(text(zip, "xl/workbook.xml")).not.toContain(`name="${SUMMARY_SHEET}"`);
      expect(definedNames(bytes).filter((n) => n.includes(SUMMARY_SHEET))).toEqual([]);
      expect(definedNames(bytes)).toContain('<definedName name="FirstLine">Lines!$A$2</definedName>');
      expect([...zip.keys()].filter((name) => /^xl\/tables\//.test(name) && text(zip, name).includes("tblSummaryNotes"))).toEqual([]);
      expect(rulesOf(bytes, LINE_RETURNS.sheet)).toEqual(rulesOf(beforeBytes, LINE_RETURNS.sheet));
      expect(text(zip, "docProps/custom.xml")).toBe(CUSTOM);
      const after = await (await XlsxWorkbook.fromBuffer(bytes)).read();
      expect(after.sheets).toEqual(before.sheets.filter((s) => s.name !== SUMMARY_SHEET));
      expect(after.ownedSheets).toEqual([]);
      expect(tables(after)).toEqual(tables(before).filter((t) => !("name" in t) || t.name !== "tblSummaryNotes"));

      // A new Summary made after it has none of the old one's colours or print titles.
      await applied(start, [CREATE, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows: [["New"]] }]);
      const again = await start.toBuffer();
      expect(rulesOf(again, SUMMARY_SHEET)).toEqual([]);
      expect(definedNames(again).filter((n) => n.includes(SUMMARY_SHEET))).toEqual([]);
      expect((await (await XlsxWorkbook.fromBuffer(again)).read()).ownedSheets).toEqual([{ sheet: SUMMARY_SHEET, values: [["New"]] }]);
    },
    CASE_MS,
  );

  it(
    "rebuilds the sheet in one action (delete, create, write) without the old sheet's colours coming back",
    async () => {
      const wb = await example();
      await applied(wb, [CREATE, BLOCK, { kind: "conditionalFormat", sheet: SUMMARY_SHEET, range: "C10:C11", rules: [{ formula: "$C10<50", fill: "#FFC7CE" }] }]);
      const reopened = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
      await applied(reopened, [{ kind: "deleteSheet", sheet: SUMMARY_SHEET }, CREATE, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows: [["Rebuilt"]] }]);
      const bytes = await reopened.toBuffer();
      expect(rulesOf(bytes, SUMMARY_SHEET)).toEqual([]);
      expect((await (await XlsxWorkbook.fromBuffer(bytes)).read()).ownedSheets).toEqual([{ sheet: SUMMARY_SHEET, values: [["Rebuilt"]] }]);
    },
    CASE_MS,
  );

  it(
    "renames the sheet: its colours, print titles and defined names follow it, also for a new spelling of its own name",
    async () => {
      const wb = await example();
      await applied(wb, [CREATE, BLOCK, PAGE, { kind: "conditionalFormat", sheet: SUMMARY_SHEET, range: "C10:C11", rules: [{ formula: "$C10<50", fill: "#FFC7CE" }] }]);
      await wb.edit((book) => book.definedNames.add(`${SUMMARY_SHEET}!$B$10`, "FirstAllocation"));
      const reopened = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
      await applied(reopened, [{ kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Summary (kept)" }]);
      const bytes = await reopened.toBuffer();
      // As written, Stop If True and all (exceljs alone would drop it).
      expect(rulesOf(bytes, "Summary (kept)")).toEqual([{ range: "C10:C11", formula: "$C10<50", fill: "#FFC7CE", stopIfTrue: true }]);
      expect(definedNames(bytes)).toContain(`<definedName name="FirstAllocation">'Summary (kept)'!$B$10</definedName>`);
      expect(definedNames(bytes)).toEqual(expect.arrayContaining([expect.stringMatching(/^<definedName name="_xlnm.Print_Titles" localSheetId="\d+">'Summary \(kept\)'!\$1:\$6<\/definedName>$/)]));
      const raw = await (await XlsxWorkbook.fromBuffer(bytes)).read();
      expect(raw.ownedSheets).toEqual([]);
      expect(raw.sheets.map((s) => s.name)).toContain("Summary (kept)");

      await applied(reopened, [{ kind: "renameSheet", sheet: "Summary (kept)", to: "SUMMARY (KEPT)" }]);
      const recased = await reopened.toBuffer();
      expect(rulesOf(recased, "SUMMARY (KEPT)")).toEqual([{ range: "C10:C11", formula: "$C10<50", fill: "#FFC7CE", stopIfTrue: true }]);
      expect(definedNames(recased)).toContain(`<definedName name="FirstAllocation">'SUMMARY (KEPT)'!$B$10</definedName>`);
    },
    CASE_MS,
  );

  it.each<[string, Change, string]>([
    ["a chart", { kind: "addChart", sheet: SUMMARY_SHEET, chart: "pie", title: "Allocation by theme", source: "A9:B11", anchor: "F2:L20" }, "charts are drawn only in Excel"],
    ["deleting a sheet that does not exist", { kind: "deleteSheet", sheet: "Board pack" }, 'there is no sheet "Board pack"'],
    ["renaming onto a name taken in another case", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "lines" }, 'already has a sheet called "Lines"'],
    ["renaming to a name with a slash", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Q2/Q3" }, "cannot contain"],
    ["renaming to a name that ends with an apostrophe", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Board'" }, "apostrophe"],
    ["formatting a sheet that does not exist", { ...FORMATS, sheet: "Board pack" }, 'there is no sheet "Board pack"'],
    ["a page setup with title rows that are not rows", { ...PAGE, printTitleRows: "A1:A6" }, "is not a range of rows"],
  ])(
    "refuses an action with %s: the file keeps every byte",
    async (_what, refused, reason) => {
      const wb = await example();
      await applied(wb, [CREATE, BLOCK]);
      const before = await wb.toBuffer();
      const changes: Change[] = [{ kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows: [["Changed"]] }, FORMATS, refused];
      const outcome = await wb.apply(changes);
      expect(outcome).toEqual({ ok: false, message: expect.stringContaining(reason), written: [], notWritten: written(changes) });
      expect(outcome.ok ? "" : outcome.message).toContain("None of the action's changes were written");
      expect(Buffer.from(await wb.toBuffer()).equals(Buffer.from(before))).toBe(true);
      // The next action starts from the file as it was.
      await applied(wb, [{ kind: "setBlock", sheet: SUMMARY_SHEET, row: 1, column: 0, rows: [["Next"]] }]);
      expect((await wb.read()).ownedSheets?.[0]?.values?.slice(0, 2)).toEqual([
        [MARKING, null, null, null],
        ["Next", null, null, null],
      ]);
    },
    CASE_MS,
  );

  it(
    "refuses a change of a kind it does not know, and keeps the file as it was",
    async () => {
      const wb = await example();
      const before = await wb.toBuffer();
      const future: Change = JSON.parse('{"kind":"addSparkline","sheet":"Lines","range":"K2:K9"}');
      const outcome = await wb.apply([{ kind: "setBlock", sheet: LINES.sheet, row: 40, column: 0, rows: [["x"]] }, future]);
      expect(outcome.ok).toBe(false);
      expect(outcome.ok ? "" : outcome.message).toContain('cannot write a change of kind "addSparkline"');
      expect(Buffer.from(await wb.toBuffer()).equals(Buffer.from(before))).toBe(true);
    },
    CASE_MS,
  );

  it(
    "reads no values of an owned sheet whose used range is larger than the limit, and the plan all the same",
    async () => {
      const wb = await example();
      // A1 and XFD200: 16,384 columns × 200 rows.
      expect(16_384 * 200).toBeGreaterThan(OWNED_SHEET_MAX_CELLS);
      await applied(wb, [CREATE, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 0, rows: [["Top"]] }, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 199, column: 16_383, rows: [["Far"]] }]);
      const raw = await (await XlsxWorkbook.fromBuffer(await wb.toBuffer())).read();
      expect(raw.ownedSheets).toEqual([{ sheet: SUMMARY_SHEET, values: null }]);
      expect(checkWorkbook(raw).status).toBe("plan");
      // Within the limit, the block is read whole: A1 to J200.
      const small = await example();
      await applied(small, [CREATE, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 199, column: 9, rows: [["Corner"]] }]);
      const values = (await (await XlsxWorkbook.fromBuffer(await small.toBuffer())).read()).ownedSheets?.[0]?.values;
      expect([values?.length, values?.[0]?.length, values?.[199]?.[9]]).toEqual([200, 10, "Corner"]);
    },
    CASE_MS,
  );

  it(
    "stops unpacking an owned sheet once its values pass the limit",
    async () => {
      const wb = await example();
      // XFD1, then 50,000 rows in column A: the block passes the limit at row 123 (16,384 × 123 cells).
      // Numbers, not text, so that the sheet's own part is nearly all there is to unpack.
      const rows: CellInput[][] = Array.from({ length: 50_000 }, (_, r) => [r + 0.25]);
      await applied(wb, [CREATE, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 0, column: 16_383, rows: [["Far right"]] }, { kind: "setBlock", sheet: SUMMARY_SHEET, row: 1, column: 0, rows }]);
      const bytes = await wb.toBuffer();
      const zip = readZip(bytes);
      const summaryBytes = zip.get(sheetPart(zip, SUMMARY_SHEET))?.byteLength ?? 0;
      const allBytes = [...zip.values()].reduce((n, part) => n + part.byteLength, 0);
      let unpacked = 0;
      const inner = streamInflater();
      const counting: Inflater = async function* (compressed, max) {
        for await (const piece of inner(compressed, max)) {
          unpacked += piece.byteLength;
          yield piece;
        }
      };
      const raw = await (await XlsxWorkbook.fromBuffer(bytes, { inflate: counting })).read();
      expect(raw.ownedSheets).toEqual([{ sheet: SUMMARY_SHEET, values: null }]);
      expect(summaryBytes).toBeGreaterThan(allBytes / 2);
      expect(unpacked).toBeLessThan(allBytes - summaryBytes / 2);
    },
    CASE_MS,
  );
});
