import { Workbook } from "exceljs";
import { listInWords, unkeptParts } from "../../src/xlsx/contents";
import { xlsxFileHost } from "../../src/taskpane/file/xlsxHost";
import { asZip64, readZip, writeZip, zipTexts } from "../fixtures/zip";

/**
 * A zip archive with every part stored as is (not deflated), so that what a part says
 * sits in the file byte for byte, next to the names in the directory.
 */
function storedZip(parts: ReadonlyArray<readonly [string, string]>, comment = ""): Uint8Array {
  return zipTexts(parts, { store: true, comment });
}

const BASICS: ReadonlyArray<readonly [string, string]> = [
  ["[Content_Types].xml", "<Types/>"],
  ["_rels/.rels", "<Relationships/>"],
  ["xl/workbook.xml", "<workbook/>"],
  ["xl/worksheets/sheet1.xml", "<worksheet/>"],
];

async function examplePlanBytes(): Promise<Uint8Array> {
  return (await xlsxFileHost.examplePlan()).bytes();
}

describe("unkeptParts", () => {
  it("reports nothing for the example plan as the .xlsx host writes it", async () => {
    expect(unkeptParts(await examplePlanBytes())).toEqual([]);
  });

  it("reports nothing for a workbook exceljs wrote with a cell note, whose VML drawing it keeps", async () => {
    const workbook = new Workbook();
    const sheet = workbook.addWorksheet("Budget");
    sheet.getCell("A1").value = "Youth outreach";
    sheet.getCell("A1").note = "Agreed at the March board";
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());
    expect([...readZip(bytes).keys()].some((name) => name.startsWith("xl/drawings/vmlDrawing"))).toBe(true);
    expect(unkeptParts(bytes)).toEqual([]);
  });

  it("names each kind of content once, in a fixed order, from the parts that carry it", () => {
    const bytes = storedZip([
      ...BASICS,
      ["xl/externalLinks/externalLink1.xml", "<externalLink/>"],
      ["xl/vbaProject.bin", "macro"],
      ["xl/drawings/drawing1.xml", "<wsDr/>"],
      ["xl/threadedComments/threadedComment1.xml", "<ThreadedComments/>"],
      ["xl/slicers/slicer1.xml", "<slicers/>"],
      ["xl/slicerCaches/slicerCache1.xml", "<slicerCacheDefinition/>"],
      ["xl/pivotCache/pivotCacheDefinition1.xml", "<pivotCacheDefinition/>"],
      ["xl/pivotTables/pivotTable1.xml", "<pivotTableDefinition/>"],
      ["xl/charts/chart1.xml", "<chartSpace/>"],
      ["xl/charts/chart2.xml", "<chartSpace/>"],
      ["xl/ctrlProps/ctrlProp1.xml", "<formControlPr/>"],
    ]);
    expect(unkeptParts(bytes)).toEqual([
      "charts",
      "pivot tables",
      "slicers",
      "threaded comments",
      "pictures or shapes",
      "form controls",
      "macros",
      "external links",
    ]);
  });

  it.each([
    ["xl/charts/chart1.xml", "charts"],
    ["xl/chartsheets/sheet1.xml", "charts"],
    ["xl/pivotCache/pivotCacheRecords1.xml", "pivot tables"],
    ["xl/timelines/timeline1.xml", "timelines"],
    ["xl/drawings/drawing1.xml", "pictures or shapes"],
    ["xl/activeX/activeX1.xml", "form controls"],
    ["xl/macrosheets/sheet1.xml", "macros"],
    ["xl/externalLinks/_rels/externalLink1.xml.rels", "external links"],
    ["XL/Charts/Chart1.xml", "charts"],
    ["/xl/vbaProject.bin", "macros"],
    ["xl\\pivotTables\\pivotTable1.xml", "pivot tables"],
    ["xl/metadata.xml", "cell metadata or data types"],
    ["xl/richData/rdrichvalue.xml", "cell metadata or data types"],
  ])("takes %p for %p", (part, words) => {
    expect(unkeptParts(storedZip([...BASICS, [part, "x"]]))).toEqual([words]);
  });

  it("does not take cell notes' VML drawings, or look-alike names, for pictures or anything else", () => {
    const bytes = storedZip([
      ...BASICS,
      ["xl/comments1.xml", "<comments/>"],
      ["xl/drawings/vmlDrawing1.vml", "<xml/>"],
      ["xl/drawings/_rels/vmlDrawing1.vml.rels", "<Relationships/>"],
      ["xl/chartsOld.txt", "x"],
      ["docs/xl/charts/chart1.xml", "x"],
      ["xl/persons/person.xml", "<personList/>"],
    ]);
    expect(unkeptParts(bytes)).toEqual([]);
  });

  it.each([["docProps/custom.xml"], ["customXml/item1.xml"], ["xl/connections.xml"]])(
    "does not name %p, which a save puts back (sensitivity labels, custom XML, connections)",
    (part) => {
      expect(unkeptParts(storedZip([...BASICS, [part, "x"]]))).toEqual([]);
    },
  );

  it("reads only the directory's names: parts and the archive comment that mention other parts do not count", () => {
    const mention = "see xl/charts/chart1.xml, xl/pivotTables/pivotTable1.xml and xl/vbaProject.bin";
    const bytes = storedZip(
      [
        ["[Content_Types].xml", `<Types><Override PartName="/xl/charts/chart1.xml"/><Override PartName="/xl/vbaProject.bin"/></Types>`],
        ["xl/workbook.xml", `<workbook><!-- ${mention} --></workbook>`],
        ["xl/worksheets/sheet1.xml", `<worksheet><c t="inlineStr"><is><t>${mention}</t></is></c></worksheet>`],
      ],
      mention,
    );
    expect(Buffer.from(bytes).toString("latin1")).toContain("xl/charts/chart1.xml");
    expect(unkeptParts(bytes)).toEqual([]);
  });

  it("finds the directory of a ZIP64 archive", () => {
    const bytes = asZip64(storedZip([...BASICS, ["xl/slicers/slicer1.xml", "<slicers/>"]]));
    expect(unkeptParts(bytes)).toEqual(["slicers"]);
  });

  it("finds the directory when other bytes come before or after the archive", () => {
    const archive = storedZip([...BASICS, ["xl/charts/chart1.xml", "<chartSpace/>"]]);
    const before = new Uint8Array([...Buffer.from("MZ stub before the archive"), ...archive]);
    const after = new Uint8Array([...archive, 0, 0, 0, 0]);
    expect(unkeptParts(before)).toEqual(["charts"]);
    expect(unkeptParts(after)).toEqual(["charts"]);
  });

  it("finds a chart added to a plan the .xlsx host wrote, in a deflated archive", async () => {
    const entries = readZip(await examplePlanBytes());
    entries.set("xl/charts/chart1.xml", new Uint8Array(Buffer.from("<chartSpace/>")));
    entries.set("xl/pivotTables/pivotTable1.xml", new Uint8Array(Buffer.from("<pivotTableDefinition/>")));
    expect(unkeptParts(writeZip(entries))).toEqual(["charts", "pivot tables"]);
  });

  it("reports nothing for bytes that are not a zip archive, an empty file or a cut-off one", () => {
    const archive = storedZip([...BASICS, ["xl/charts/chart1.xml", "<chartSpace/>"]]);
    expect(unkeptParts(new Uint8Array())).toEqual([]);
    expect(unkeptParts(new Uint8Array(Buffer.from("Grant, Award\nCRG, 332000\n")))).toEqual([]);
    expect(unkeptParts(archive.subarray(0, archive.length - 30))).toEqual([]);
    const damaged = new Uint8Array(archive);
    damaged.set([0xff, 0xff, 0xff, 0x7f], damaged.length - 22 + 12); // a directory running past the end
    expect(unkeptParts(damaged)).toEqual([]);
  });
});

describe("listInWords", () => {
  it.each([
    [[], ""],
    [["charts"], "charts"],
    [["charts", "macros"], "charts and macros"],
    [["charts", "slicers", "macros"], "charts, slicers and macros"],
  ])("lists %p as %p", (words, expected) => {
    expect(listInWords(words)).toBe(expected);
  });
});
