/**
 * The changes the board summary sheet needs, written and read by the Office.js host over the
 * strict fake: blocks of values (text kept as text, any size in a bounded number of requests
 * under 5 MB), deleting and renaming sheets (checked first: a refusal writes nothing),
 * formats and column widths, page setup (ExcelApi 1.9, or a plain "not written" without it),
 * native charts, the owned sheets read in the plan's one sync, and opening a new workbook.
 */
import { ExcelWorkbook } from "../../src/excel/excelWorkbook";
import { charactersToPoints } from "../../src/excel/write";
import { a1, type CellValue } from "../../src/plan/cell";
import type { CellInput, Change } from "../../src/plan/changes";
import { OWNED_SHEET_MAX_CELLS, SUMMARY_SHEET, TEXT_FORMAT } from "../../src/plan/schema";
import { FakeExcel } from "./fakeExcel";
import { excel, type Setup, upTo } from "./hosts";

const WEB_REQUEST_LIMIT = 5 * 1024 * 1024;

/** A host and a fake that both play an Excel supporting ExcelApi up to `max`. */
function excelUpTo(max: string, fake = new FakeExcel()): Setup {
  const supports = upTo(max);
  fake.requirements = (version) => supports("ExcelApi", version);
  return excel({ isSetSupported: supports }, fake);
}

/** A workbook with a Summary sheet and a sheet of the person's own. */
function withSheets(max = "1.20"): Setup {
  const setup = excelUpTo(max);
  setup.fake.addSheet("Budget");
  setup.fake.type("Budget", "A1", "kept");
  setup.fake.addSheet(SUMMARY_SHEET);
  return setup;
}

/** Commands that change the workbook (anything but loads and navigation). */
function writes(fake: FakeExcel, from: number): string[] {
  return fake.log
    .slice(from)
    .map((op) => op.kind)
    .filter((kind) => kind !== "load" && kind !== "call");
}

const block = (rows: readonly (readonly CellInput[])[], row = 0, column = 0): Change => ({ kind: "setBlock", sheet: SUMMARY_SHEET, row, column, rows });

describe("setBlock", () => {
  it("writes a rectangle from its first cell: text stays text whatever it starts with, numbers are numbers, null leaves a cell alone", async () => {
    const { fake, host } = withSheets();
    fake.type(SUMMARY_SHEET, "F3", "typed before");
    fake.type(SUMMARY_SHEET, "G3", "old");
    const text = ['=HYPERLINK("http://x","y")', "-x", "+1", "@home", "1/4", "\tTab", "1,250"];
    const runs = fake.runs.length;
    fake.syncs = 0;
    const outcome = await host.apply([block([text, [12.5, -3, 0, true, null, "", "OFFICIAL"]], 1, 1)]);
    expect(outcome).toEqual({ ok: true, written: [`Write 2 rows on "${SUMMARY_SHEET}" from B2`] });
    // One run: the check sync, then one write sync.
    expect([fake.runs.length - runs, fake.syncs]).toEqual([1, 2]);
    text.forEach((value, c) => {
      expect(fake.value(SUMMARY_SHEET, a1(1, 1 + c))).toBe(value);
      expect(fake.format(SUMMARY_SHEET, a1(1, 1 + c))).toBe(TEXT_FORMAT);
      expect(fake.sheetState(SUMMARY_SHEET)?.peek(1, 1 + c)?.formula).toBeNull();
    });
    expect([1, 2, 3, 4].map((c) => fake.value(SUMMARY_SHEET, a1(2, c)))).toEqual([12.5, -3, 0, true]);
    // Numbers keep their cells' format (General), so a number is never stored as text.
    expect(fake.format(SUMMARY_SHEET, "B3")).toBe("General");
    // The null cell (F3) is left as it was; the empty text clears its cell; nothing outside the block is written.
    expect(fake.value(SUMMARY_SHEET, "F3")).toBe("typed before");
    expect(fake.value(SUMMARY_SHEET, "G3")).toBeNull();
    expect(fake.value(SUMMARY_SHEET, "A1")).toBeNull();
  });

  it("leaves the cell under a null as it is, even one a person typed", async () => {
    const { fake, host } = withSheets();
    fake.type(SUMMARY_SHEET, "B2", "typed before");
    expect(await host.apply([block([["a", null, "c"]], 1, 0)])).toMatchObject({ ok: true });
    expect(["A2", "B2", "C2"].map((cell) => fake.value(SUMMARY_SHEET, cell))).toEqual(["a", "typed before", "c"]);
  });

  it("refuses a block on a sheet that does not exist in the check sync: nothing is written", async () => {
    const { fake, host } = withSheets();
    const logged = fake.log.length;
    const outcome = await host.apply([{ ...block([["x"]]), sheet: "Budget" }, { ...block([["y"]]), sheet: "Nowhere" }]);
    expect(outcome).toMatchObject({ ok: false, message: `Write 1 row on "Nowhere" from A1 was not written: there is no sheet "Nowhere". None of the action's changes were written.`, written: [] });
    expect(writes(fake, logged)).toEqual([]);
    expect(fake.value("Budget", "A1")).toBe("kept");
  });

  it("writes 50,000 rows × 9 columns in a bounded number of syncs, every request under 5 MB", async () => {
    const { fake, host } = withSheets();
    fake.maxRequestBytes = WEB_REQUEST_LIMIT;
    const rows: CellInput[][] = Array.from({ length: 50_000 }, (_, r) => [
      `LINE-${r}`,
      `Line ${r}: outreach in the parks, ward ${r % 30}`,
      "Youth",
      r % 2 === 0 ? "Yes" : "No",
      100_000 + r / 100,
      r * 3.25,
      r % 7 === 0 ? null : 41.5,
      "Green",
      r % 1000 === 0 ? "=HYPERLINK(\"http://x\",\"y\")" : `Commentary for quarter ${r % 4}`,
    ]);
    fake.syncs = 0;
    const before = fake.requestBytes.length;
    const outcome = await host.apply([block(rows, 7, 0)]);
    expect(outcome).toMatchObject({ ok: true });
    expect(fake.syncs).toBeGreaterThan(2);
    expect(fake.syncs).toBeLessThanOrEqual(8);
    const sizes = fake.requestBytes.slice(before);
    expect(sizes).toHaveLength(fake.syncs);
    expect(Math.max(...sizes)).toBeLessThan(WEB_REQUEST_LIMIT);
    // The whole block is there, from its first row to its last.
    expect(fake.value(SUMMARY_SHEET, "A8")).toBe("LINE-0");
    expect(fake.value(SUMMARY_SHEET, "I8")).toBe('=HYPERLINK("http://x","y")');
    expect(fake.value(SUMMARY_SHEET, `A${7 + 50_000}`)).toBe("LINE-49999");
    expect(fake.value(SUMMARY_SHEET, `F${7 + 50_000}`)).toBe(49_999 * 3.25);
    expect(fake.value(SUMMARY_SHEET, `G${7 + 49_000}`)).toBe(41.5);
  }, 120_000);
});

describe("deleteSheet and renameSheet", () => {
  it("deletes a sheet", async () => {
    const { fake, host } = withSheets();
    expect(await host.apply([{ kind: "deleteSheet", sheet: SUMMARY_SHEET }])).toEqual({ ok: true, written: [`Delete sheet "${SUMMARY_SHEET}"`] });
    expect(fake.sheetState(SUMMARY_SHEET)).toBeNull();
    expect(fake.sheetState("Budget")).not.toBeNull();
  });

  it("deletes and builds a sheet of the same name again in one action", async () => {
    const { fake, host } = withSheets();
    fake.type(SUMMARY_SHEET, "Z9", "old");
    const outcome = await host.apply([{ kind: "deleteSheet", sheet: SUMMARY_SHEET }, { kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false }, block([["new"]])]);
    expect(outcome).toMatchObject({ ok: true });
    expect(fake.value(SUMMARY_SHEET, "A1")).toBe("new");
    expect(fake.value(SUMMARY_SHEET, "Z9")).toBeNull();
  });

  it("keeps the old sheet under a new name and writes the new one under the old name", async () => {
    const { fake, host } = withSheets();
    fake.type(SUMMARY_SHEET, "A1", "edited by a person");
    const kept = "Summary (kept)";
    const outcome = await host.apply([
      { kind: "renameSheet", sheet: SUMMARY_SHEET, to: kept },
      { kind: "createSheet", sheet: SUMMARY_SHEET, hidden: false },
      block([["rebuilt"]]),
    ]);
    expect(outcome).toMatchObject({ ok: true });
    expect(fake.value(kept, "A1")).toBe("edited by a person");
    expect(fake.value(SUMMARY_SHEET, "A1")).toBe("rebuilt");
  });

  it("renames a sheet to its own name in other letters", async () => {
    const { fake, host } = withSheets();
    expect(await host.apply([{ kind: "renameSheet", sheet: SUMMARY_SHEET, to: "SUMMARY" }])).toMatchObject({ ok: true });
    expect(fake.sheets.map((s) => s.name)).toContain("SUMMARY");
  });

  it.each([
    ["a sheet that does not exist", { kind: "renameSheet", sheet: "Nowhere", to: "X" }, 'Rename sheet "Nowhere" to "X" was not written: there is no sheet "Nowhere". None of the action\'s changes were written.'],
    ["a name another sheet has, in other letters", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "BUDGET" }, 'Rename sheet "Summary" to "BUDGET" was not written: the workbook already has a sheet called "Budget". None of the action\'s changes were written.'],
    ["a name of 32 characters", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "x".repeat(32) }, /at most 31 characters/],
    ["an empty name", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "" }, /cannot be empty/],
    ...[":", "\\", "/", "?", "*", "[", "]"].map((ch): [string, Change, RegExp] => [`a name with ${ch}`, { kind: "renameSheet", sheet: SUMMARY_SHEET, to: `Q2${ch}2020` }, new RegExp(`cannot contain \\${ch}`)]),
    ["a name beginning with an apostrophe", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "'Summary" }, /apostrophe/],
    ["a name ending with an apostrophe", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Summary'" }, /apostrophe/],
    ["deleting a sheet that does not exist", { kind: "deleteSheet", sheet: "Nowhere" }, 'Delete sheet "Nowhere" was not written: there is no sheet "Nowhere". None of the action\'s changes were written.'],
    ["creating a sheet of a name Excel refuses", { kind: "createSheet", sheet: "Q2/2020", hidden: false }, `Create sheet "Q2/2020" was not written: a sheet name cannot contain /. None of the action's changes were written.`],
    ["a name Excel keeps for itself", { kind: "renameSheet", sheet: SUMMARY_SHEET, to: "history" }, /keeps for itself/],
  ] satisfies [string, Change, string | RegExp][])("refuses %s before anything is written, writing nothing of the action", async (_what, change, message) => {
    const { fake, host } = withSheets();
    const logged = fake.log.length;
    const outcome = await host.apply([{ kind: "setCells", sheet: "Budget", cells: [{ address: "B1", value: "written?" }] }, change]);
    expect(outcome.ok).toBe(false);
    if (!outcome.ok) {
      expect(outcome.message).toEqual(typeof message === "string" ? message : expect.stringMatching(message));
      expect(outcome.written).toEqual([]);
    }
    expect(writes(fake, logged)).toEqual([]);
    expect(fake.value("Budget", "B1")).toBeNull();
    expect(fake.sheets.map((s) => s.name)).toEqual(["Budget", SUMMARY_SHEET]);
  });

  it("refuses deleting the workbook's only visible sheet (Excel keeps one), as the file hosts do", async () => {
    const { fake, host } = withSheets();
    const logged = fake.log.length;
    const outcome = await host.apply([{ kind: "deleteSheet", sheet: "Budget" }, { kind: "deleteSheet", sheet: SUMMARY_SHEET }]);
    expect(outcome).toMatchObject({ ok: false, message: `Delete sheet "${SUMMARY_SHEET}" was not written: "${SUMMARY_SHEET}" is the workbook's only visible sheet. None of the action's changes were written.` });
    expect(writes(fake, logged)).toEqual([]);
    expect(fake.sheetState("Budget")).not.toBeNull();
  });

  it("checks the changes in order: a sheet the action deletes is gone for the changes after it", async () => {
    const { fake, host } = withSheets();
    const outcome = await host.apply([{ kind: "deleteSheet", sheet: SUMMARY_SHEET }, block([["x"]])]);
    expect(outcome).toMatchObject({ ok: false, message: `Write 1 row on "${SUMMARY_SHEET}" from A1 was not written: there is no sheet "${SUMMARY_SHEET}". None of the action's changes were written.` });
    expect(fake.sheetState(SUMMARY_SHEET)).not.toBeNull();
  });
});

describe("formatCells", () => {
  const MONEY = '"£"#,##0.00;[Red]-"£"#,##0.00';

  it("sets number formats on every cell of a range, bold, size, wrap, alignment and column widths in points", async () => {
    const { fake, host } = withSheets();
    const outcome = await host.apply([
      {
        kind: "formatCells",
        sheet: SUMMARY_SHEET,
        formats: [
          { range: "C9:I14", numberFormat: MONEY, horizontal: "right" },
          { range: "A8", bold: true, fontSize: 12 },
          { range: "J9:J14", wrap: true, vertical: "top", horizontal: "left" },
        ],
        columnWidths: [12, null, 50],
        label: "Lay out the summary",
      },
    ]);
    expect(outcome).toEqual({ ok: true, written: ["Lay out the summary"] });
    for (let r = 8; r <= 13; r++) for (let c = 2; c <= 8; c++) expect(fake.format(SUMMARY_SHEET, a1(r, c))).toBe(MONEY);
    expect(fake.format(SUMMARY_SHEET, "B9")).toBe("General");
    expect(fake.format(SUMMARY_SHEET, "C15")).toBe("General");
    expect(fake.look(SUMMARY_SHEET, "I14")).toEqual({ horizontal: "Right" });
    expect(fake.look(SUMMARY_SHEET, "A8")).toEqual({ bold: true, size: 12 });
    expect(fake.look(SUMMARY_SHEET, "J11")).toEqual({ wrap: true, vertical: "Top", horizontal: "Left" });
    expect(fake.look(SUMMARY_SHEET, "A9")).toEqual({});
    expect([fake.width(SUMMARY_SHEET, "A"), fake.width(SUMMARY_SHEET, "B"), fake.width(SUMMARY_SHEET, "C")]).toEqual([charactersToPoints(12), null, charactersToPoints(50)]);
  });

  it("writes the number formats of a long range in parts, every request under 5 MB", async () => {
    const { fake, host } = withSheets();
    fake.maxRequestBytes = WEB_REQUEST_LIMIT;
    fake.syncs = 0;
    const before = fake.requestBytes.length;
    const outcome = await host.apply([{ kind: "formatCells", sheet: SUMMARY_SHEET, formats: [{ range: "C2:I60001", numberFormat: MONEY }], columnWidths: [] }]);
    expect(outcome).toMatchObject({ ok: true });
    expect(fake.syncs).toBeLessThanOrEqual(8);
    expect(Math.max(...fake.requestBytes.slice(before))).toBeLessThan(WEB_REQUEST_LIMIT);
    expect([fake.format(SUMMARY_SHEET, "C2"), fake.format(SUMMARY_SHEET, "I60001"), fake.format(SUMMARY_SHEET, "I60002")]).toEqual([MONEY, MONEY, "General"]);
  }, 120_000);

  it("refuses a range that is not a range before sending anything", async () => {
    const { fake, host } = withSheets();
    const runs = fake.runs.length;
    const outcome = await host.apply([{ kind: "formatCells", sheet: SUMMARY_SHEET, formats: [{ range: "C9:", bold: true }], columnWidths: [] }]);
    expect(outcome).toMatchObject({ ok: false, written: [] });
    expect(fake.runs.length).toBe(runs);
  });
});

describe("pageSetup", () => {
  const setup: Change = { kind: "pageSetup", sheet: SUMMARY_SHEET, printTitleRows: "1:6", marking: "OFFICIAL-SENSITIVE", title: "Grant Planner summary" };
  const values = block([["OFFICIAL-SENSITIVE"], ["Grant Planner summary"]]);

  it("prints A4 landscape, one page wide, the heading rows on every page, the marking in bold in the header and footer, Page n of m", async () => {
    const { fake, host } = withSheets();
    expect(await host.apply([values, setup])).toMatchObject({ ok: true });
    expect(fake.pageLayout(SUMMARY_SHEET)).toEqual({
      orientation: "Landscape",
      paperSize: "A4",
      zoom: { horizontalFitToPages: 1, verticalFitToPages: 0 },
      printTitleRows: "1:6",
      centerHeader: "&BOFFICIAL-SENSITIVE&B",
      rightHeader: "Grant Planner summary",
      centerFooter: "&BOFFICIAL-SENSITIVE&B",
      rightFooter: "Page &P of &N",
    });
  });

  it("prints an & of the marking or title as itself, and no marking when there is none", async () => {
    const { fake, host } = withSheets();
    expect(await host.apply([{ ...setup, marking: "", title: "Board & funder pack", printTitleRows: null }])).toMatchObject({ ok: true });
    expect(fake.pageLayout(SUMMARY_SHEET)).toMatchObject({ centerHeader: "", rightHeader: "Board && funder pack", centerFooter: "", printTitleRows: null });
  });

  it("without ExcelApi 1.9 writes everything else and says plainly that the page setup was not written", async () => {
    const { fake, host } = withSheets("1.8");
    const logged = fake.log.length;
    const outcome = await host.apply([values, setup]);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringMatching(/^The page setup .* was not written: this version of Excel does not support it \(Excel JavaScript API 1\.9\)\. Everything else was written\.$/),
      written: [`Write 2 rows on "${SUMMARY_SHEET}" from A1`],
      notWritten: [`Set "${SUMMARY_SHEET}" to print on A4 landscape, one page wide`],
    });
    expect(fake.value(SUMMARY_SHEET, "A2")).toBe("Grant Planner summary");
    expect(fake.log.slice(logged).some((op) => op.kind.startsWith("pageLayout"))).toBe(false);
    expect(fake.pageLayout(SUMMARY_SHEET)?.orientation).toBeNull();
  });

  it("says both when neither the colours nor the page setup can be written", async () => {
    const { host } = withSheets("1.5");
    const colour: Change = { kind: "conditionalFormat", sheet: SUMMARY_SHEET, range: "A1:A9", rules: [{ formula: '$A1="Red"', fill: "#FF0000" }] };
    const outcome = await host.apply([values, colour, setup]);
    expect(outcome).toMatchObject({ ok: false, written: [`Write 2 rows on "${SUMMARY_SHEET}" from A1`] });
    if (!outcome.ok) {
      expect(outcome.message).toMatch(/^The colours .*1\.6\)\. The page setup .*1\.9\)\. Everything else was written\.$/);
      expect(outcome.notWritten).toHaveLength(2);
    }
  });
});

describe("addChart", () => {
  it("adds native charts over their data, titled and placed over their anchor, after the values are written", async () => {
    const { fake, host } = withSheets();
    const data = block([
      ["Theme", "Allocation", "Spend"],
      ["ASB", 119_000, 50_000],
      ["Youth", 60_000, 12_000],
    ]);
    const logged = fake.log.length;
    const outcome = await host.apply([
      { kind: "addChart", sheet: SUMMARY_SHEET, chart: "pie", title: "Allocation by theme", source: "A1:B3", anchor: "K2:R20" },
      { kind: "addChart", sheet: SUMMARY_SHEET, chart: "barClustered", title: "Spend against allocation", source: "A1:C3", anchor: "K22:R40" },
      { kind: "addChart", sheet: SUMMARY_SHEET, chart: "columnClustered", title: "Measures", source: "A1:C3", anchor: "T2" },
      data,
    ]);
    expect(outcome).toMatchObject({ ok: true });
    expect(fake.chartsOn(SUMMARY_SHEET)).toEqual([
      { type: "Pie", source: "Summary!A1:B3", seriesBy: "Columns", title: "Allocation by theme", position: "K2:R20" },
      { type: "BarClustered", source: "Summary!A1:C3", seriesBy: "Columns", title: "Spend against allocation", position: "K22:R40" },
      { type: "ColumnClustered", source: "Summary!A1:C3", seriesBy: "Columns", title: "Measures", position: "T2" },
    ]);
    const kinds = writes(fake, logged);
    expect(kinds.indexOf("range.formulas")).toBeLessThan(kinds.indexOf("charts.add"));
  });

  it("refuses a chart on a sheet that does not exist: nothing is written", async () => {
    const { fake, host } = withSheets();
    const outcome = await host.apply([block([["x"]]), { kind: "addChart", sheet: "Nowhere", chart: "pie", title: "t", source: "A1:B3", anchor: "K2:R20" }]);
    expect(outcome).toMatchObject({ ok: false, message: `Add the chart "t" on "Nowhere" was not written: there is no sheet "Nowhere". None of the action's changes were written.` });
    expect(fake.value(SUMMARY_SHEET, "A1")).toBeNull();
  });
});

describe("reading the sheets the add-in owns", () => {
  it("reads the Summary's values in the plan's one sync, padded to start at A1", async () => {
    const { fake, host } = withSheets();
    fake.type(SUMMARY_SHEET, "B2", "Grant Planner summary");
    fake.type(SUMMARY_SHEET, "D4", 332_000);
    fake.type(SUMMARY_SHEET, "C3", { formula: "D4*2" });
    fake.setFormat(SUMMARY_SHEET, "F9", "@");
    fake.syncs = 0;
    const raw = await host.read();
    expect(fake.syncs).toBe(1);
    expect(raw.ownedSheets).toEqual([
      {
        sheet: SUMMARY_SHEET,
        values: [
          [null, null, null, null],
          [null, "Grant Planner summary", null, null],
          [null, null, 664_000, null],
          [null, null, null, 332_000],
        ],
      },
    ]);
  });

  it("reads an empty Summary as no rows, and a workbook without one as no owned sheet", async () => {
    const { fake, host } = withSheets();
    expect((await host.read()).ownedSheets).toEqual([{ sheet: SUMMARY_SHEET, values: [] }]);
    fake.deleteSheet(SUMMARY_SHEET);
    fake.syncs = 0;
    expect((await host.read()).ownedSheets).toEqual([]);
    expect(fake.syncs).toBe(1);
  });

  it("reports a sheet of more cells than it reads with values null", async () => {
    const { fake, host } = withSheets();
    fake.type(SUMMARY_SHEET, "A1", "first");
    // Two columns by 1,000,001 rows: just over the limit.
    fake.type(SUMMARY_SHEET, `B${OWNED_SHEET_MAX_CELLS / 2 + 1}`, "last");
    const raw = await host.read();
    expect(raw.ownedSheets).toEqual([{ sheet: SUMMARY_SHEET, values: null }]);
  }, 120_000);

  it("reads the same owned sheet in two syncs where Excel refuses calls on null objects, and by blocks where the response is too large", async () => {
    const { fake, host } = excelUpTo("1.20");
    fake.addSheet("Budget");
    fake.addSheet(SUMMARY_SHEET);
    for (let r = 0; r < 300; r++) fake.type(SUMMARY_SHEET, a1(r + 2, 1), `row ${r}`);
    const once = await host.read();
    expect(once.ownedSheets?.[0]?.values).toHaveLength(302);

    // A stricter Excel refuses the one-sync read (there is no plan: its tables are null objects).
    fake.nullObjectCallsFail = true;
    fake.syncs = 0;
    fake.refusedSyncs = 0;
    expect(await host.read()).toEqual(once);
    expect([fake.refusedSyncs, fake.syncs]).toEqual([1, 3]);

    fake.nullObjectCallsFail = false;
    fake.maxResponseBytes = 4_000;
    const blocks = new ExcelWorkbook(fake.run, { isSetSupported: upTo("1.20"), maxResponseBytes: 4_000, delay: async () => undefined });
    fake.syncs = 0;
    expect(await blocks.read()).toEqual(once);
    expect(fake.syncs).toBeGreaterThan(3);
  });
});

describe("openWorkbook", () => {
  const bytes = Uint8Array.from({ length: 70_000 }, (_, i) => (i * 31) % 256);

  it("opens a new workbook of the bytes with Excel.createWorkbook (ExcelApi 1.8)", async () => {
    const fake = new FakeExcel();
    fake.requirements = (version) => upTo("1.8")("ExcelApi", version);
    const host = new ExcelWorkbook(fake.run, { isSetSupported: upTo("1.8"), createWorkbook: fake.createWorkbook });
    expect(await host.openWorkbook(bytes)).toBe("opened");
    expect(fake.opened).toHaveLength(1);
    expect(fake.opened[0]).toEqual(bytes);
  });

  it('says "unsupported" before ExcelApi 1.8, or where it has no createWorkbook, and opens nothing', async () => {
    const fake = new FakeExcel();
    fake.requirements = (version) => upTo("1.7")("ExcelApi", version);
    expect(await new ExcelWorkbook(fake.run, { isSetSupported: upTo("1.7"), createWorkbook: fake.createWorkbook }).openWorkbook(bytes)).toBe("unsupported");
    expect(await new ExcelWorkbook(fake.run, { isSetSupported: upTo("1.20") }).openWorkbook(bytes)).toBe("unsupported");
    expect(fake.opened).toEqual([]);
  });

  it("passes Excel's refusal on as an error", async () => {
    const host = new ExcelWorkbook(new FakeExcel().run, {
      createWorkbook: async () => {
        throw new Error("This operation is not allowed due to the extension hardening policy.");
      },
    });
    await expect(host.openWorkbook(bytes)).rejects.toThrow(/extension hardening/);
  });
});

describe("the fake holds Excel's rules for these APIs", () => {
  async function run(fake: FakeExcel, batch: (context: Parameters<Parameters<FakeExcel["run"]>[0]>[0]) => void): Promise<void> {
    await fake.run(async (context) => {
      batch(context);
      await context.sync();
    }, {});
  }

  it("fails a command beyond the supported requirement sets with ApiNotFound, as Excel does", async () => {
    const fake = new FakeExcel();
    fake.addSheet(SUMMARY_SHEET);
    fake.requirements = (version) => upTo("1.8")("ExcelApi", version);
    await expect(run(fake, (context) => (context.workbook.worksheets.getItem(SUMMARY_SHEET).pageLayout.orientation = "Landscape"))).rejects.toMatchObject({ code: "ApiNotFound" });
    await expect(fake.createWorkbook("AAAA")).resolves.toBeUndefined();
    fake.requirements = (version) => upTo("1.5")("ExcelApi", version);
    await expect(run(fake, (context) => context.workbook.worksheets.getItem(SUMMARY_SHEET).getRange("A1").conditionalFormats.add("Custom"))).rejects.toMatchObject({ code: "ApiNotFound" });
    await expect(fake.createWorkbook("AAAA")).rejects.toMatchObject({ code: "ApiNotFound" });
    expect(fake.pageLayout(SUMMARY_SHEET)?.orientation).toBeNull();
  });

  it("takes a number format only as a 2-D array the size of the range", async () => {
    const fake = new FakeExcel();
    fake.addSheet(SUMMARY_SHEET);
    const single: unknown = "0.00";
    const range = (context: Parameters<Parameters<FakeExcel["run"]>[0]>[0]) => context.workbook.worksheets.getItem(SUMMARY_SHEET).getRange("A1:B2");
    await expect(
      run(fake, (context) => {
        Reflect.set(range(context), "numberFormat", single);
      }),
    ).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(run(fake, (context) => (range(context).numberFormat = [["0.00"]]))).rejects.toMatchObject({ code: "InvalidArgument" });
    await run(fake, (context) => (range(context).numberFormat = [["0.00", "0.00"], ["0.00", null]]));
    expect(["A1", "B1", "A2", "B2"].map((cell) => fake.format(SUMMARY_SHEET, cell))).toEqual(["0.00", "0.00", "0.00", "General"]);
  });

  it("refuses sheet names Excel refuses, a name taken, and deleting a very hidden sheet", async () => {
    const fake = new FakeExcel();
    fake.addSheet(SUMMARY_SHEET);
    fake.addSheet("Budget");
    const sheet = (context: Parameters<Parameters<FakeExcel["run"]>[0]>[0]) => context.workbook.worksheets.getItem(SUMMARY_SHEET);
    await expect(run(fake, (context) => (sheet(context).name = "budget"))).rejects.toMatchObject({ code: "ItemAlreadyExists" });
    await expect(run(fake, (context) => (sheet(context).name = "Q2/2020"))).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(run(fake, (context) => context.workbook.worksheets.add("x".repeat(32)))).rejects.toMatchObject({ code: "InvalidArgument" });
    const budget = fake.sheetState("Budget");
    if (budget) budget.visibility = "VeryHidden";
    await expect(run(fake, (context) => context.workbook.worksheets.getItem("Budget").delete())).rejects.toMatchObject({ code: "InvalidOperation" });
    expect(fake.sheets.map((s) => s.name)).toEqual([SUMMARY_SHEET, "Budget"]);
  });

  it("refuses a request over the size limit whole: none of its commands run", async () => {
    const fake = new FakeExcel();
    fake.addSheet(SUMMARY_SHEET);
    fake.maxRequestBytes = 1_000;
    const big = [Array.from({ length: 200 }, (_, i): CellValue & string => `cell ${i}`)];
    await expect(run(fake, (context) => (context.workbook.worksheets.getItem(SUMMARY_SHEET).getRange("A1:GR1").formulas = big))).rejects.toMatchObject({ code: "RequestPayloadSizeLimitExceeded" });
    expect(fake.value(SUMMARY_SHEET, "A1")).toBeNull();
    expect(fake.requestBytes.at(-1)).toBeGreaterThan(1_000);
  });

  it("needs print title rows to be whole rows, and a zoom set as a whole", async () => {
    const fake = new FakeExcel();
    fake.addSheet(SUMMARY_SHEET);
    const layout = (context: Parameters<Parameters<FakeExcel["run"]>[0]>[0]) => context.workbook.worksheets.getItem(SUMMARY_SHEET).pageLayout;
    await expect(run(fake, (context) => layout(context).setPrintTitleRows("A1:C6"))).rejects.toMatchObject({ code: "InvalidArgument" });
    await expect(run(fake, (context) => (layout(context).zoom = { scale: 80, horizontalFitToPages: 1 }))).rejects.toMatchObject({ code: "InvalidArgument" });
    // Setting one field of the zoom would set nothing in Excel: the fake does not let it be read.
    await expect(run(fake, (context) => (layout(context).zoom.horizontalFitToPages = 1))).rejects.toThrow(/written, never read/);
    await run(fake, (context) => layout(context).setPrintTitleRows("$1:$6"));
    expect(fake.pageLayout(SUMMARY_SHEET)?.printTitleRows).toBe("1:6");
  });
});
