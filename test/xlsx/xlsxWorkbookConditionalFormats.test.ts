/**
 * Conditional formatting through the .xlsx host: what it writes (checked in the saved
 * bytes: the sheet's <conditionalFormatting>, the dxf in styles.xml), what it refuses, and
 * that the rules a file already had survive a save (exceljs 4.4.0 alone drops or damages them).
 */
import { Workbook } from "exceljs";
import type { Change, ConditionalRule } from "../../src/plan/changes";
import { expressionRules } from "../../src/xlsx/conditionalFormats";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { editPart, readZip, sheetPart, text, writeZip } from "../fixtures/zip";

/** A save and a reopen of a small workbook, on a busy machine. */
const CASE_MS = 30_000;

const BRAG: readonly ConditionalRule[] = [
  { formula: 'UPPER(TRIM($L7))="BLUE"', fill: "#0070C0", font: "#FFFFFF" },
  { formula: 'UPPER(TRIM($L7))="GREEN"', fill: "#00B050" },
  { formula: 'UPPER(TRIM($L7))="AMBER"', fill: "#FFC000" },
  { formula: 'UPPER(TRIM($L7))="RED"', fill: "#FF0000", font: "#FFFFFF" },
];

const colour = (range: string, rules: readonly ConditionalRule[] = BRAG): Change => ({ kind: "conditionalFormat", sheet: "Progress", range, rules });

async function progressWorkbook(): Promise<XlsxWorkbook> {
  const wb = XlsxWorkbook.empty();
  const outcome = await wb.apply([
    { kind: "createSheet", sheet: "Progress", hidden: false },
    { kind: "setCells", sheet: "Progress", cells: [{ address: "L7", value: "Blue" }, { address: "L8", value: "Red" }] },
  ]);
  expect(outcome.ok).toBe(true);
  return wb;
}

function parts(bytes: Uint8Array, sheet = "Progress"): { sheet: string; styles: string } {
  const zip = readZip(bytes);
  return { sheet: text(zip, sheetPart(zip, sheet)), styles: text(zip, "xl/styles.xml") };
}

/** The expression rules of a sheet in the bytes, highest priority first, as {range, formula, fill, font}. */
function rulesIn(bytes: Uint8Array, sheet = "Progress"): { range: string; formula: string; fill: string | null; font: string | null; stopIfTrue: boolean }[] {
  const { sheet: xml, styles } = parts(bytes, sheet);
  return expressionRules(xml, styles).map(({ range, formula, fill, font, stopIfTrue }) => ({ range, formula, fill, font, stopIfTrue }));
}

const expected = (range: string, rules: readonly ConditionalRule[]): object[] =>
  rules.map((r) => ({ range, formula: r.formula, fill: r.fill, font: r.font ?? null, stopIfTrue: true }));

describe("conditional formatting in the .xlsx host", () => {
  it(
    "writes expression rules with Stop If True, in the order given, and solid dxf fills in bgColor",
    async () => {
      const wb = await progressWorkbook();
      const change = colour("L7:L1048576");
      expect(await wb.apply([change])).toEqual({ ok: true, written: ['Colour cells by 4 rules on "Progress"!L7:L1048576'] });
      const bytes = await wb.toBuffer();
      expect(rulesIn(bytes)).toEqual(expected("L7:L1048576", BRAG));
      const { sheet, styles } = parts(bytes);
      expect(sheet).toContain('<cfRule type="expression" dxfId="0" priority="1" stopIfTrue="1"><formula>UPPER(TRIM($L7))=&quot;BLUE&quot;</formula></cfRule>');
      expect(sheet.match(/<conditionalFormatting /g)).toHaveLength(1);
      // A conditionalFormatting comes before dataValidations and pageMargins (CT_Worksheet's order).
      expect(sheet.indexOf("<conditionalFormatting")).toBeLessThan(sheet.indexOf("<pageMargins"));
      expect(styles).toContain('<dxf><font><color rgb="FFFFFFFF"/></font><fill><patternFill patternType="solid"><fgColor rgb="FF0070C0"/><bgColor rgb="FF0070C0"/></patternFill></fill></dxf>');
      // The cells were not touched.
      const reopened = new Workbook();
      await reopened.xlsx.load(new Uint8Array(bytes).buffer);
      expect(reopened.getWorksheet("Progress")?.getCell("L7").value).toBe("Blue");
    },
    CASE_MS,
  );

  it(
    "keeps the rules of earlier actions through later saves and a reopen, the newest on top",
    async () => {
      const wb = await progressWorkbook();
      expect((await wb.apply([colour("L7:L100")])).ok).toBe(true);
      const shortfall: ConditionalRule[] = [{ formula: "$M7<$N7", fill: "#FFC7CE", font: "#9C0006" }];
      expect((await wb.apply([colour("M7:M100", shortfall)])).ok).toBe(true);
      // An unrelated write, then the file opened again and written once more.
      expect((await wb.apply([{ kind: "setCells", sheet: "Progress", cells: [{ address: "A1", value: "Progress" }] }])).ok).toBe(true);
      const again = await XlsxWorkbook.fromBuffer(await wb.toBuffer());
      expect((await again.apply([{ kind: "setCells", sheet: "Progress", cells: [{ address: "A2", value: "as at Q2" }] }])).ok).toBe(true);
      expect(rulesIn(await again.toBuffer())).toEqual([...expected("M7:M100", shortfall), ...expected("L7:L100", BRAG)]);
    },
    CASE_MS,
  );

  it.each<[string, Change, RegExp]>([
    ["a fill that is not #RRGGBB", colour("L7:L100", [{ formula: "$L7=1", fill: "blue" }]), /fill colour "blue"/],
    ["a font that is not #RRGGBB", colour("L7:L100", [{ formula: "$L7=1", fill: "#FF0000", font: "#FFF" }]), /font colour "#FFF"/],
    ["a range that is not a range", colour("L7:L", BRAG), /"L7:L" is not a range/],
    ["a range past the last row", colour("L7:L1048577", BRAG), /is not a range/],
    ["an empty formula", colour("L7:L100", [{ formula: "  ", fill: "#FF0000" }]), /no formula/],
    ["a formula given with its =", colour("L7:L100", [{ formula: "=$L7=1", fill: "#FF0000" }]), /without its "="/],
    ["no rules", colour("L7:L100", []), /no rules/],
    ["a sheet that does not exist", { kind: "conditionalFormat", sheet: "Nowhere", range: "A1:A9", rules: BRAG }, /no sheet "Nowhere"/],
  ])(
    "refuses %s and writes nothing of the action",
    async (_what, change, reason) => {
      const wb = await progressWorkbook();
      const before = await wb.toBuffer();
      const note: Change = { kind: "setCells", sheet: "Progress", cells: [{ address: "A1", value: "note" }] };
      const outcome = await wb.apply([note, change]);
      expect(outcome).toMatchObject({ ok: false, written: [], notWritten: [expect.any(String), expect.any(String)] });
      if (!outcome.ok) expect(outcome.message).toMatch(reason);
      expect(await wb.toBuffer()).toEqual(before);
      expect(rulesIn(await wb.toBuffer())).toEqual([]);
    },
    CASE_MS,
  );

  it(
    "writes nothing when an expectation of the same action fails",
    async () => {
      const wb = await progressWorkbook();
      const before = await wb.toBuffer();
      const outcome = await wb.apply([{ kind: "expect", sheet: "Progress", cells: [{ address: "L7", value: "Green", message: "L7 changed" }] }, colour("L7:L100")]);
      expect(outcome).toMatchObject({ ok: false, message: "L7 changed", written: [] });
      expect(await wb.toBuffer()).toEqual(before);
    },
    CASE_MS,
  );
});

/** The rules a person made in Excel, as Excel writes them: kinds exceljs 4.4.0 cannot write, Stop If True, a text attribute. */
const PERSONS_RULES =
  '<conditionalFormatting sqref="A1:A10"><cfRule type="duplicateValues" dxfId="0" priority="1"/></conditionalFormatting>' +
  '<conditionalFormatting sqref="B1:B10"><cfRule type="beginsWith" dxfId="1" priority="2" stopIfTrue="1" operator="beginsWith" text="ab"><formula>LEFT(B1,LEN("ab"))="ab"</formula></cfRule></conditionalFormatting>' +
  '<conditionalFormatting sqref="C1:C10"><cfRule type="expression" dxfId="0" priority="3" stopIfTrue="1"><formula>$C1&gt;5</formula></cfRule><cfRule type="uniqueValues" dxfId="1" priority="4"/></conditionalFormatting>';
const PERSONS_DXFS = '<dxf><fill><patternFill><bgColor rgb="FFFFC7CE"/></patternFill></fill></dxf><dxf><font><color rgb="FF9C0006"/></font></dxf>';

/** A workbook with the person's rules on sheet "Progress", its package edited the way Excel would have written it. */
async function fileWithPersonsRules(): Promise<Uint8Array> {
  const book = new Workbook();
  book.addWorksheet("Progress").getCell("A1").value = "x";
  const zip = readZip(new Uint8Array(await book.xlsx.writeBuffer()));
  editPart(zip, sheetPart(zip, "Progress"), (xml) => xml.replace("<pageMargins", `${PERSONS_RULES}<pageMargins`));
  editPart(zip, "xl/styles.xml", (xml) => xml.replace(/<dxfs count="0"\/>/, `<dxfs count="2">${PERSONS_DXFS}</dxfs>`));
  const bytes = writeZip(zip);
  expect(parts(bytes).styles).toContain(PERSONS_DXFS);
  return bytes;
}

/** Each <conditionalFormatting> of a sheet with its dxfIds replaced by the dxf XML they point at, and priorities left out. */
function personsRulesIn(bytes: Uint8Array): string[] {
  const { sheet, styles } = parts(bytes);
  const dxfs = [...(/<dxfs[^>]*>([\s\S]*?)<\/dxfs>/.exec(styles)?.[1] ?? "").matchAll(/<dxf>[\s\S]*?<\/dxf>|<dxf\/>/g)].map((m) => m[0]);
  return [...sheet.matchAll(/<conditionalFormatting [^>]*(?:\/>|>[\s\S]*?<\/conditionalFormatting>)/g)]
    .map((m) => m[0])
    .filter((element) => !element.includes('type="expression" dxfId') || element.includes("$C1"))
    .map((element) => element.replace(/ dxfId="(\d+)"/g, (_w, id: string) => ` dxf="${dxfs[Number(id)] ?? "missing"}"`).replace(/ priority="\d+"/g, ""));
}

describe("conditional formatting a file already has", () => {
  it(
    "exceljs 4.4.0 on its own drops the person's rules and Stop If True (why the host keeps them itself)",
    async () => {
      const book = new Workbook();
      await book.xlsx.load(new Uint8Array(await fileWithPersonsRules()).buffer);
      const { sheet } = parts(new Uint8Array(await book.xlsx.writeBuffer()));
      expect(sheet).toContain('<conditionalFormatting sqref="A1:A10"/>');
      expect(sheet).not.toContain("duplicateValues");
      expect(sheet).not.toContain("stopIfTrue");
    },
    CASE_MS,
  );

  it(
    "keeps every rule a file had, as it was, through a write of cells and a write of new rules",
    async () => {
      const original = await fileWithPersonsRules();
      const before = personsRulesIn(original);
      expect(before).toHaveLength(3);
      const wb = await XlsxWorkbook.fromBuffer(original);
      expect((await wb.apply([{ kind: "setCells", sheet: "Progress", cells: [{ address: "D1", value: 5 }] }])).ok).toBe(true);
      expect(personsRulesIn(await wb.toBuffer())).toEqual(before);
      expect((await wb.apply([colour("L7:L100")])).ok).toBe(true);
      const bytes = await wb.toBuffer();
      expect(personsRulesIn(bytes)).toEqual(before);
      // The new rules come first; every priority on the sheet is used once.
      const { sheet, styles } = parts(bytes);
      const rules = expressionRules(sheet, styles);
      expect(rules.slice(0, 4).map((r) => r.formula)).toEqual(BRAG.map((r) => r.formula));
      expect(rules[4]).toMatchObject({ formula: "$C1>5", fill: "#FFC7CE", stopIfTrue: true, priority: 7 });
      const priorities = [...sheet.matchAll(/priority="(\d+)"/g)].map((m) => Number(m[1]));
      expect([...priorities].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(sheet).not.toMatch(/<conditionalFormatting [^>]*\/>/);
    },
    CASE_MS,
  );
});
