/**
 * Conditional formatting through the Office.js host, over the fake: the commands it sends
 * (one run, the check sync and one write sync), the fake holding Excel's rules for them, and
 * what the host says when Excel does not support conditional formats (ExcelApi 1.6).
 */
import type { Change, ConditionalRule } from "../../src/plan/changes";
import { LINE_RETURNS, LINES } from "../../src/plan/schema";
import { FakeExcel, FakeOfficeError } from "./fakeExcel";
import { excel, plannedExcel, SEFTON, upTo } from "./hosts";

const BRAG: readonly ConditionalRule[] = [
  { formula: 'UPPER(TRIM($E2))="BLUE"', fill: "#0070C0", font: "#FFFFFF" },
  { formula: 'UPPER(TRIM($E2))="GREEN"', fill: "#00B050" },
  { formula: 'UPPER(TRIM($E2))="RED"', fill: "#FF0000", font: "#FFFFFF" },
];
const colour: Change = { kind: "conditionalFormat", sheet: LINE_RETURNS.sheet, range: "E2:E1048576", rules: BRAG, label: "Colour the status of each return" };
const note: Change = { kind: "setCells", sheet: LINES.sheet, cells: [{ address: "J2", value: "coloured" }] };

describe("conditional formatting in Excel", () => {
  it("adds each rule as a custom format with its formula (with =), colours and Stop If True, in one run of two syncs", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const runs = fake.runs.length;
    const logged = fake.log.length;
    const before = fake.conditionalFormats(LINE_RETURNS.sheet).length;
    fake.syncs = 0;
    expect(await host.apply([note, colour])).toEqual({ ok: true, written: ["Set Lines!J2 to \"coloured\"", "Colour the status of each return"] });
    expect([fake.runs.length - runs, fake.syncs]).toEqual([1, 2]);
    expect(fake.conditionalFormats(LINE_RETURNS.sheet).slice(0, BRAG.length)).toEqual(BRAG.map((r) => ({ range: "E2:E1048576", formula: r.formula, fill: r.fill, font: r.font ?? null, stopIfTrue: true })));
    expect(fake.conditionalFormats(LINE_RETURNS.sheet)).toHaveLength(before + BRAG.length);
    const formulas = fake.log.slice(logged).filter((op) => op.kind === "conditionalFormat.custom.rule.formula");
    expect(formulas).toHaveLength(BRAG.length);
    expect(fake.value(LINES.sheet, "J2")).toBe("coloured");
  });

  it("writes a rule whose formula names a table the same action creates, once the table exists", async () => {
    const { fake, host } = excel();
    const rule: ConditionalRule = { formula: "COUNTIF(tblKey[Word],$A2)=0", fill: "#FFC7CE" };
    const outcome = await host.apply([
      { kind: "createSheet", sheet: "Key", hidden: false },
      { kind: "conditionalFormat", sheet: "Key", range: "A2:A50", rules: [rule] },
      { kind: "createTable", sheet: "Key", table: "tblKey", headerRow: 0, firstColumn: 2, columns: [{ header: "Word", numberFormat: "@", width: 12, validation: null }], rows: [["Blue"]] },
    ]);
    expect(outcome.ok).toBe(true);
    expect(fake.conditionalFormats("Key")).toEqual([{ range: "A2:A50", formula: rule.formula, fill: "#FFC7CE", font: null, stopIfTrue: true }]);
  });

  it("refuses a bad colour before sending anything: nothing of the action is written", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const runs = fake.runs.length;
    const bad: Change = { kind: "conditionalFormat", sheet: LINE_RETURNS.sheet, range: "E2:E9", rules: [{ formula: "$E2=1", fill: "#12345" }] };
    const outcome = await host.apply([note, bad]);
    expect(outcome).toMatchObject({ ok: false, written: [], notWritten: ['Set Lines!J2 to "coloured"', 'Colour cells by 1 rule on "Line returns"!E2:E9'] });
    if (!outcome.ok) expect(outcome.message).toContain('"#12345" is not a colour');
    expect(fake.runs.length).toBe(runs);
  });

  it("refuses a sheet that does not exist in the check sync: nothing is written", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    const outcome = await host.apply([note, { ...colour, sheet: "Nowhere" }]);
    expect(outcome).toMatchObject({ ok: false, message: expect.stringMatching(/was not written: there is no sheet "Nowhere"\. None of the action's changes were written\.$/), written: [] });
    expect(fake.value(LINES.sheet, "J2")).not.toBe("coloured");
  });

  it("without ExcelApi 1.6 writes everything else and says plainly that the colours were not written", async () => {
    // Set up where conditional formats are supported, then written to by an Excel without them.
    let supported = "1.20";
    const { fake, host } = await plannedExcel(SEFTON, { isSetSupported: (name, version) => upTo(supported)(name, version) });
    supported = "1.5";
    const before = fake.conditionalFormats(LINE_RETURNS.sheet);
    const logged = fake.log.length;
    const outcome = await host.apply([note, colour]);
    expect(outcome).toEqual({
      ok: false,
      message: expect.stringMatching(/^The colours \(conditional formatting\) were not written: .*1\.6.*Everything else was written\.$/),
      written: ['Set Lines!J2 to "coloured"'],
      notWritten: ["Colour the status of each return"],
    });
    expect(fake.value(LINES.sheet, "J2")).toBe("coloured");
    expect(fake.conditionalFormats(LINE_RETURNS.sheet)).toEqual(before);
    expect(fake.log.slice(logged).map((op) => op.kind)).not.toContain("range.conditionalFormats.add");
  });

  it("counts the colours as not written when Excel fails the write part way", async () => {
    const { fake, host } = await plannedExcel(SEFTON);
    fake.fail({ code: "GeneralException", when: (op) => op.kind === "conditionalFormat.stopIfTrue" });
    const outcome = await host.apply([note, colour]);
    expect(outcome).toMatchObject({ ok: false, notWritten: ["Colour the status of each return"] });
  });
});

describe("the fake holds Excel's rules for conditional formats", () => {
  async function sheetWithCells(): Promise<FakeExcel> {
    const fake = new FakeExcel();
    fake.addSheet("Progress");
    await fake.run(async (context) => {
      context.workbook.worksheets.getItem("Progress").getRange("A1").formulas = [["Blue"]];
      await context.sync();
    }, {});
    return fake;
  }

  async function addRule(fake: FakeExcel, formula: string, fill = "#FF0000"): Promise<void> {
    await fake.run(async (context) => {
      const before = fake.conditionalFormats("Progress");
      const format = context.workbook.worksheets.getItem("Progress").getRange("A1:A9").conditionalFormats.add("Custom");
      format.custom.rule.formula = formula;
      format.custom.format.fill.color = fill;
      // Queued only: nothing is stored before the sync.
      expect(fake.conditionalFormats("Progress")).toEqual(before);
      await context.sync();
    }, {});
  }

  it.each([
    ["a formula without its =", '$A1="Blue"', "#FF0000", /must start with "="/],
    ["a formula naming a sheet that does not exist", "='Old returns'!A1=1", "#FF0000", /sheet that does not exist: Old returns/],
    ["a formula naming a table that does not exist", "=COUNTIF(tblGone[Word],$A1)>0", "#FF0000", /table that does not exist: tblGone/],
    ["a colour that is not a colour", "=$A1=1", "FF0000", /"FF0000" is not a colour/],
  ])("fails the sync for %s", async (_what, formula, fill, reason) => {
    const fake = await sheetWithCells();
    const failed = addRule(fake, formula, fill);
    await expect(failed).rejects.toBeInstanceOf(FakeOfficeError);
    await expect(failed).rejects.toThrow(reason);
    expect(fake.conditionalFormats("Progress").every((f) => f.formula === "" || f.fill === null)).toBe(true);
  });

  it("stores a good rule on top of those before it", async () => {
    const fake = await sheetWithCells();
    await addRule(fake, '=$A1="Blue"');
    await addRule(fake, "=Progress!$A1=\"Red\"", "#00B050");
    expect(fake.conditionalFormats("Progress").map((f) => [f.formula, f.fill])).toEqual([
      ['Progress!$A1="Red"', "#00B050"],
      ['$A1="Blue"', "#FF0000"],
    ]);
  });
});
