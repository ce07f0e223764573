/**
 * The plan reader on packages built part by part: every producer's package layout, every
 * table shape Excel allows, every kind of cell, merged areas, and the rows under a table.
 */
import type { RawTable, RawWorkbook } from "../../../src/plan/raw";
import { ROWS_SCANNED_BELOW } from "../../../src/plan/raw";
import { META_SHEET } from "../../../src/plan/schema";
import { XlsxReadError } from "../../../src/xlsx/errors";
import { type Inflater, readPlanPackage, streamInflater } from "../../../src/xlsx/read";
import { nodeInflater } from "../../../src/xlsx/read/nodeInflate";
import { buildPackage, type PackageOptions, row, type RowValues, type SheetPart } from "./packages";

jest.setTimeout(30_000);

const LINE_HEADERS = ["Line ID", "Grant ID", "Allocation"];

function linesSheet(overrides: Partial<SheetPart> = {}): SheetPart {
  return {
    name: "Lines",
    rows: lineRows(["L1", "G1", 1000], ["L2", "G1", 250.5]),
    tables: [{ name: "tblLines", ref: "A1:C3", columns: LINE_HEADERS }],
    ...overrides,
  };
}

const SETTINGS: SheetPart = {
  name: META_SHEET,
  state: "hidden",
  rows: [row(1, "A", ["Key", "Value"]), row(2, "A", ["Schema version", 1]), row(3, "A", ["  Created by ", "tests"])].join(""),
};

async function read(options: PackageOptions, inflate: Inflater = nodeInflater()): Promise<RawWorkbook> {
  return readPlanPackage(buildPackage(options), { inflate });
}

function table(raw: RawWorkbook, name: string): RawTable {
  const found = raw.tables.find((t) => t.name === name);
  if (!found) throw new Error(`no table ${name} in ${raw.tables.map((t) => t.name).join(", ")}`);
  return found;
}

/** The Lines sheet's rows from A1: the header row, then one row a line. */
function lineRows(...lines: readonly RowValues[]): string {
  return [row(1, "A", LINE_HEADERS), ...lines.map((cells, i) => row(i + 2, "A", cells))].join("");
}

/** tblLines as read from a package of the Lines sheet alone. */
async function readLines(overrides: Partial<SheetPart> = {}): Promise<RawTable> {
  return table(await read({ sheets: [linesSheet(overrides)] }), "tblLines");
}

describe("readPlanPackage: packages from every producer", () => {
  it("reads a plan table, the sheets with their visibility and the settings", async () => {
    const raw = await read({
      sheets: [linesSheet(), SETTINGS, { name: "Archive", state: "veryHidden", rows: "" }],
    });
    expect(raw.sheets).toEqual([
      { name: "Lines", visible: true },
      { name: META_SHEET, visible: false },
      { name: "Archive", visible: false },
    ]);
    expect(raw.meta).toEqual({ "Schema version": 1, "Created by": "tests" });
    const lines = table(raw, "tblLines");
    expect(lines).toMatchObject({
      sheet: "Lines",
      headerRow: 0,
      firstColumn: 0,
      headers: LINE_HEADERS,
      rows: [
        ["L1", "G1", 1000],
        ["L2", "G1", 250.5],
      ],
      merged: [],
      below: [null, null, null],
      typedBelow: [],
      totalsRow: false,
      hasHeaderRow: true,
    });
    expect(raw.calculationMode).toBe("automatic");
  });

  it("follows openpyxl's absolute part names (/xl/worksheets/sheet1.xml, /xl/tables/table1.xml)", async () => {
    const raw = await read({ sheets: [linesSheet(), SETTINGS], absoluteTargets: true });
    expect(table(raw, "tblLines").rows).toEqual([
      ["L1", "G1", 1000],
      ["L2", "G1", 250.5],
    ]);
    expect(raw.meta).toEqual({ "Schema version": 1, "Created by": "tests" });
  });

  it("finds parts named in another case and targets written with backslashes, and a package without root relationships", async () => {
    const raw = await read({ sheets: [linesSheet()], oddNames: true, withoutRootRels: true });
    expect(table(raw, "tblLines").rows).toHaveLength(2);
  });

  it("reads stored (not deflated) parts, and the same through the browser's DecompressionStream", async () => {
    const stored = await read({ sheets: [linesSheet()], store: true });
    const streamed = await read({ sheets: [linesSheet()] }, streamInflater());
    expect(table(stored, "tblLines").rows).toEqual(table(streamed, "tblLines").rows);
    expect(table(streamed, "tblLines").rows[1]).toEqual(["L2", "G1", 250.5]);
  });

  it("matches plan tables by name in any case, and leaves other tables out", async () => {
    const raw = await read({
      sheets: [
        linesSheet({ tables: [{ name: "TBLLINES", ref: "A1:C3", columns: LINE_HEADERS }] }),
        { name: "Other", rows: row(1, "A", ["x"]) + row(2, "A", [1]), tables: [{ name: "tblOwn", ref: "A1:A2", columns: ["x"] }] },
      ],
    });
    expect(raw.tables.map((t) => t.name)).toEqual(["TBLLINES"]);
  });

  it("reads the calculation mode: manual, automatic except tables, automatic", async () => {
    expect((await read({ sheets: [linesSheet()], calcMode: "manual" })).calculationMode).toBe("manual");
    expect((await read({ sheets: [linesSheet()], calcMode: "autoNoTable" })).calculationMode).toBe("automaticExceptTables");
    expect((await read({ sheets: [linesSheet()], calcMode: "auto" })).calculationMode).toBe("automatic");
  });

  it("has no settings when the workbook has no settings sheet", async () => {
    expect((await read({ sheets: [linesSheet()] })).meta).toBeNull();
  });
});

describe("readPlanPackage: table shapes", () => {
  it("reads a table moved away from A1, ignoring cells beside it", async () => {
    const raw = await read({
      sheets: [
        {
          name: "Lines",
          rows: [
            row(1, "A", ["Lines kept by the finance team"]),
            row(5, "A", ["note", null, ...LINE_HEADERS, "beside"]),
            row(6, "A", ["x", null, "L1", "G1", 10, "y"]),
          ].join(""),
          tables: [{ name: "tblLines", ref: "C5:E6", columns: LINE_HEADERS }],
        },
      ],
    });
    expect(table(raw, "tblLines")).toMatchObject({ headerRow: 4, firstColumn: 2, headers: LINE_HEADERS, rows: [["L1", "G1", 10]] });
  });

  it("leaves a Total Row out of the rows and looks below it for the row under the table", async () => {
    const lines = await readLines({
      rows: lineRows(["L1", "G1", 1000], ["L2", "G1", 250], ["Total", null, { xml: "><f>SUBTOTAL(109,tblLines[Allocation])</f><v>1250</v>" }], ["under", null, null]),
      tables: [{ name: "tblLines", ref: "A1:C4", columns: LINE_HEADERS, totalsRowCount: 1 }],
    });
    expect(lines.rows).toEqual([
      ["L1", "G1", 1000],
      ["L2", "G1", 250],
    ]);
    expect(lines.totalsRow).toBe(true);
    expect(lines.below).toEqual(["under", null, null]);
  });

  it("reads a table without a header row: headers are its column names, the header row is the row above", async () => {
    const raw = await read({
      sheets: [
        linesSheet({
          rows: [row(3, "B", ["Not a header", "x", "y"]), row(4, "B", ["L1", "G1", 5]), row(5, "B", ["L2", "G1", 6])].join(""),
          tables: [{ name: "tblLines", ref: "B4:D5", columns: LINE_HEADERS, headerRowCount: 0 }],
        }),
      ],
    });
    expect(table(raw, "tblLines")).toMatchObject({
      headerRow: 2,
      firstColumn: 1,
      hasHeaderRow: false,
      headers: LINE_HEADERS,
      rows: [
        ["L1", "G1", 5],
        ["L2", "G1", 6],
      ],
    });
  });

  it("gives a blank header cell its column's name, as Excel keeps them in step", async () => {
    const lines = await readLines({
      rows: [row(1, "A", ["Line ID", null, "Allocation"]), row(2, "A", ["L1", "G1", 1])].join(""),
      tables: [{ name: "tblLines", ref: "A1:C2", columns: LINE_HEADERS }],
    });
    expect(lines.headers).toEqual(LINE_HEADERS);
  });

  it("clamps a whole-sheet table (A1:XFD1048576) to the rows and columns the sheet holds, keeping its named columns", async () => {
    const lines = await readLines({
      rows: lineRows(["L1", "G1", 1], ["L2", "G1", 2]),
      tables: [{ name: "tblLines", ref: "A1:XFD1048576", columns: LINE_HEADERS }],
    });
    expect(lines.headers).toEqual(LINE_HEADERS);
    expect(lines.rows).toEqual([
      ["L1", "G1", 1],
      ["L2", "G1", 2],
    ]);
    expect(lines.below).toEqual([null, null, null]);
  });

  it("reports rows typed under the table within the rows scanned, leaving blank strings out", async () => {
    const bottom = 3;
    const lines = await readLines({
      rows: [
        lineRows(["L1", "G1", 1000], ["L2", "G1", 250]),
        row(5, "A", ["L3", "G1", 75]),
        row(6, "A", ["   ", "", null]),
        row(7, "D", ["beside the table"]),
        row(bottom + ROWS_SCANNED_BELOW, "A", ["last scanned"]),
        row(bottom + ROWS_SCANNED_BELOW + 1, "A", ["too far"]),
      ].join(""),
    });
    expect(lines.typedBelow).toEqual([
      { row: 4, cells: ["L3", "G1", 75] },
      { row: bottom + ROWS_SCANNED_BELOW - 1, cells: ["last scanned", null, null] },
    ]);
    expect(lines.below).toEqual([null, null, null]);
  });
});

describe("readPlanPackage: cells", () => {
  it("reads every cell type: shared and inline strings, booleans, errors, dates, formula strings", async () => {
    const raw = await read({
      strings: ["Grant ID", "G1", "<si><r><rPr><b/></rPr><t>Youth </t></r><r><t xml:space=\"preserve\">outreach</t></r><rPh sb=\"0\" eb=\"1\"><t>ユース</t></rPh></si>"],
      sheets: [
        {
          name: "Lines",
          rows: [
            `<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="inlineStr"><is><t>Activity</t></is></c><c r="C1" t="inlineStr"><is><t>Flag</t></is></c><c r="D1" t="inlineStr"><is><t>Amount</t></is></c><c r="E1" t="inlineStr"><is><t>Start</t></is></c><c r="F1" t="inlineStr"><is><t>Label</t></is></c></row>`,
            `<row r="2"><c r="A2" t="s"><v>1</v></c><c r="B2" t="s"><v>2</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#REF!</v></c><c r="E2" t="d"><v>2020-04-01T00:00:00</v></c><c r="F2" t="str"><f>"Q"&amp;1</f><v>Q1</v></c></row>`,
            `<row r="3"><c r="A3" t="inlineStr"><is><r><t>Park </t></r><r><t>nights &amp; days</t></r></is></c><c r="B3" t="inlineStr"><is><t>Line one_x000D__x000A_line two, a_x005F_x0041_b</t></is></c><c r="C3" t="b"><v>0</v></c><c r="D3"><v>1E+400</v></c><c r="E3"/><c r="F3"><v>-0.5</v></c></row>`,
          ].join(""),
          tables: [{ name: "tblGrants", ref: "A1:F3", columns: ["Grant ID", "Activity", "Flag", "Amount", "Start", "Label"] }],
        },
      ],
    });
    expect(table(raw, "tblGrants").rows).toEqual([
      ["G1", "Youth outreach", true, { error: "#REF!" }, "2020-04-01T00:00:00", "Q1"],
      ["Park nights & days", "Line one\r\nline two, a_x0041_b", false, { error: "#NUM!" }, null, -0.5],
    ]);
    expect(table(raw, "tblGrants").headers).toEqual(["Grant ID", "Activity", "Flag", "Amount", "Start", "Label"]);
  });

  it("reads a formula without a stored result as uncalculated, never as blank or zero", async () => {
    const lines = await readLines({
      // openpyxl writes an empty <v/> for a formula it cannot calculate.
      rows: lineRows(["L1", "G1", { xml: "><f>60000/2</f>" }], ["L2", "G1", { xml: "><f>332000*0.35</f><v></v>" }]),
    });
    expect(lines.rows).toEqual([
      ["L1", "G1", { uncalculated: "60000/2" }],
      ["L2", "G1", { uncalculated: "332000*0.35" }],
    ]);
    expect(lines.formulas).toEqual([
      [null, null, "60000/2"],
      [null, null, "332000*0.35"],
    ]);
  });

  it("takes only a decimal numeral for a number: hexadecimal, binary and Infinity are no value a cell holds", async () => {
    const odd = await readLines({ rows: lineRows(["L1", "G1", { xml: "><v>0x1A</v>" }], ["L2", "G1", { xml: "><v>0b101</v>" }]) });
    expect(odd.rows.map((r) => r[2])).toEqual([{ error: "#NUM!" }, { error: "#NUM!" }]);
    const more = await readLines({ rows: lineRows(["L1", "G1", { xml: "><v>Infinity</v>" }], ["L2", "G1", { xml: "><v> 1.5E+3 </v>" }]) });
    expect(more.rows.map((r) => r[2])).toEqual([{ error: "#NUM!" }, 1500]);
  });

  it("gives the cells of a shared formula the master's text, with their own stored results", async () => {
    const lines = await readLines({
      rows: lineRows(
        ["L1", "G1", { xml: '><f t="shared" ref="C2:C4" si="0">tblGrants[[#This Row],[Award]]/2</f><v>500</v>' }],
        ["L2", "G1", { xml: '><f t="shared" si="0"/><v>250</v>' }],
        ["L3", "G1", { xml: '><f t="shared" si="0"/>' }],
      ),
      tables: [{ name: "tblLines", ref: "A1:C4", columns: LINE_HEADERS }],
    });
    const text = "tblGrants[[#This Row],[Award]]/2";
    expect(lines.rows.map((r) => r[2])).toEqual([500, 250, { uncalculated: text }]);
    expect(lines.formulas).toEqual([
      [null, null, text],
      [null, null, text],
      [null, null, text],
    ]);
  });

  it("gives rows with the same formulas one shared list, and rows with other formulas their own", async () => {
    const text = "tblGrants[[#This Row],[Award]]/2";
    const lines = await readLines({
      rows: lineRows(
        ["L1", "G1", { xml: `><f>${text}</f><v>500</v>` }],
        ["L2", "G1", { xml: `><f>${text}</f><v>250</v>` }],
        ["L3", "G1", { xml: "><f>1+1</f><v>2</v>" }],
        ["L4", "G1", 7],
        ["L5", "G1", { xml: "><f>1+1</f><v>2</v>" }],
      ),
      tables: [{ name: "tblLines", ref: "A1:C6", columns: LINE_HEADERS }],
    });
    const formulas = lines.formulas ?? [];
    expect(formulas).toEqual([[null, null, text], [null, null, text], [null, null, "1+1"], [null, null, null], [null, null, "1+1"]]);
    expect(formulas[1]).toBe(formulas[0]);
    expect(formulas[2]).not.toBe(formulas[1]);
    expect(formulas[4]).toBe(formulas[2]);
  });

  it("finds a shared formula's master above the table when its range reaches into the table", async () => {
    const lines = await readLines({
      rows: [
        row(1, "C", [{ xml: '><f t="shared" ref="C1:C3" si="4">1+1</f><v>2</v>' }]),
        row(2, "A", LINE_HEADERS),
        row(3, "A", ["L1", "G1", { xml: '><f t="shared" si="4"/><v>2</v>' }]),
      ].join(""),
      tables: [{ name: "tblLines", ref: "A2:C3", columns: LINE_HEADERS }],
    });
    expect(lines.formulas).toEqual([[null, null, "1+1"]]);
  });

  it("reads SpreadsheetML written with a namespace prefix, cells without references and CDATA", async () => {
    const raw = await readPlanPackage(
      buildPackage({
        sheets: [
          linesSheet({
            rows:
              '<x:row r="1"><x:c t="inlineStr"><x:is><x:t>Line ID</x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t><![CDATA[Grant <ID>]]></x:t></x:is></x:c><x:c t="inlineStr"><x:is><x:t>Allocation</x:t></x:is></x:c></x:row>' +
              '<!-- a comment --><x:row><x:c r="A2" t="inlineStr"><x:is><x:t>L1</x:t></x:is></x:c><x:c><x:v>7</x:v></x:c><x:c><x:v>8</x:v></x:c></x:row>',
            tables: [{ name: "tblLines", ref: "A1:C2", columns: LINE_HEADERS }],
          }),
        ],
      }),
    );
    expect(table(raw, "tblLines").headers).toEqual(["Line ID", "Grant <ID>", "Allocation"]);
    expect(table(raw, "tblLines").rows).toEqual([["L1", 7, 8]]);
  });
});

describe("readPlanPackage: merged areas", () => {
  it("reports merged areas that touch the table as ranges and reads their covered cells as empty", async () => {
    const lines = await readLines({
      rows: lineRows(["L1", "covered?", 1000], ["L2", "G1", 250], ["x", "y", null]),
      merges: ["A2:B2", "E1:F1", "A4:B4"],
    });
    expect(lines.merged).toEqual(["A2:B2"]);
    expect(lines.rows[0]).toEqual(["L1", null, 1000]);
    expect(lines.below).toEqual(["x", null, null]);
  });

  it("keeps a whole-sheet merged area as one range instead of expanding it", async () => {
    const lines = await readLines({ merges: ["A1:XFD1048576"] });
    expect(lines.merged).toEqual(["A1:XFD1048576"]);
    // Only A1 shows a value; the covered header cells fall back to their column names.
    expect(lines.headers).toEqual(["Line ID", "Grant ID", "Allocation"]);
    expect(lines.rows).toEqual([
      [null, null, null],
      [null, null, null],
    ]);
  });
});

describe("readPlanPackage: only the plan's parts are unpacked", () => {
  it("never unpacks a sheet without a plan table, nor shared strings past the last one the plan uses", async () => {
    const seen: string[] = [];
    const inner = nodeInflater();
    const spying: Inflater = async function* (compressed, max) {
      for await (const piece of inner(compressed, max)) {
        seen.push(Buffer.from(piece).toString("utf8"));
        yield piece;
      }
    };
    const filler = "unused text ".repeat(20_000);
    const raw = await read(
      {
        strings: ["L1", filler, "NEVER-NEEDED-STRING"],
        sheets: [
          linesSheet({ rows: [row(1, "A", LINE_HEADERS), `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`].join(""), tables: [{ name: "tblLines", ref: "A1:C2", columns: LINE_HEADERS }] }),
          { name: "Big", rows: row(1, "A", ["OTHER-SHEET-MARKER"]) },
        ],
      },
      spying,
    );
    expect(table(raw, "tblLines").rows).toEqual([["L1", null, null]]);
    const all = seen.join("");
    expect(all).toContain("tblLines");
    expect(all).not.toContain("OTHER-SHEET-MARKER");
    expect(all).not.toContain("NEVER-NEEDED-STRING");
  });
});

describe("readPlanPackage: refusals are XlsxReadError in one line", () => {
  it.each([
    ["an empty file", new Uint8Array(0), "not an .xlsx file (the file is empty)"],
    ["an .xls (OLE) file", new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 0, 0]), "older .xls workbook"],
    ["a text file", new Uint8Array(Buffer.from("Grant,Amount\nPCC,1000\n")), "not an .xlsx file (it is not a zip archive)"],
    ["a zip cut short", buildPackage({ sheets: [linesSheet()] }).subarray(0, 200), "the file is damaged"],
  ])("refuses %s", async (_what, bytes, words) => {
    const refusal = readPlanPackage(bytes, { inflate: nodeInflater() });
    await expect(refusal).rejects.toBeInstanceOf(XlsxReadError);
    await expect(refusal).rejects.toThrow(words);
  });

  it("refuses a zip archive without a workbook", async () => {
    const refusal = readPlanPackage(buildPackage({ sheets: [] }), { inflate: nodeInflater() });
    await expect(refusal).rejects.toThrow("not an .xlsx file (it is a zip archive without a workbook in it)");
  });

  it("refuses a part that declares a document type (entity expansion)", async () => {
    const rows = row(1, "A", LINE_HEADERS);
    const bytes = buildPackage({ sheets: [linesSheet({ rows })] });
    const { readZip, writeZip } = await import("../../fixtures/zip");
    const entries = readZip(bytes);
    entries.set("xl/worksheets/sheet1.xml", new Uint8Array(Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet/>')));
    const refusal = readPlanPackage(writeZip(entries), { inflate: nodeInflater() });
    await expect(refusal).rejects.toBeInstanceOf(XlsxReadError);
    await expect(refusal).rejects.toThrow("document type");
  });

  it.each([
    ["under the same name", "xl/worksheets/sheet1.xml"],
    ["in another case", "XL/Worksheets/Sheet1.xml"],
    ["with a leading slash and backslashes", "/xl\\worksheets\\sheet1.xml"],
  ])("refuses a package that lists a part twice, %s", async (_how, second) => {
    const { packPart, readZip, utf8, zipPacked } = await import("../../fixtures/zip");
    const packed = [...readZip(buildPackage({ sheets: [linesSheet()] }))].map(([name, data]) => packPart(name, data));
    // The second copy holds a plan of its own: which one a program reads would decide the figures.
    const other = readZip(buildPackage({ sheets: [linesSheet({ rows: lineRows(["L9", "G9", 99]) })] })).get("xl/worksheets/sheet1.xml") ?? utf8("");
    const refusal = readPlanPackage(zipPacked([...packed, packPart(second, other)]), { inflate: nodeInflater() });
    await expect(refusal).rejects.toBeInstanceOf(XlsxReadError);
    await expect(refusal).rejects.toThrow(`the file is damaged: the archive holds part ${second} twice`);
  });

  it("turns deflate data that cannot be unpacked into 'damaged'", async () => {
    const bytes = buildPackage({ sheets: [linesSheet()] });
    const { readZip } = await import("../../fixtures/zip");
    const sheet = readZip(bytes).get("xl/worksheets/sheet1.xml");
    expect(sheet).toBeDefined();
    // Overwrite the packed data of the first part in the file (the root relationships) with garbage.
    const broken = new Uint8Array(bytes);
    const nameLength = broken[26] ?? 0;
    broken.fill(0xff, 30 + nameLength, 30 + nameLength + 20);
    const refusal = readPlanPackage(broken, { inflate: nodeInflater() });
    await expect(refusal).rejects.toBeInstanceOf(XlsxReadError);
    await expect(refusal).rejects.toThrow(/^the file is damaged: part _rels\/\.rels cannot be unpacked/);
  });
});
