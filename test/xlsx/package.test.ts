/**
 * Preparing a package for exceljs (src/xlsx/package.ts) on hostile and unusual packages:
 * broken XML is searched in one pass, every part counts against the unpack limit, ranges
 * cut to the sheet's extent are reported, and a part listed twice is refused.
 */
import { describeCut, forExcelJs, type KeptParts, MAX_UNPACKED_BYTES, PackageProblem, type RangeCut, restoreKept } from "../../src/xlsx/package";
import { nodeInflater } from "../../src/xlsx/read/nodeInflate";
import { declareSize, packPart, readZip, text, utf8, zipPacked, zipTexts } from "../fixtures/zip";
import { packageParts, row, type SheetPart } from "./read/packages";

/** Large enough that searching from every start tag to the end of the part takes minutes. */
const HOSTILE = 150_000;
/** Generous: the one-pass search takes a second or two here, on a busy machine. */
const HOSTILE_BUDGET = 20_000;
const MB = 1024 * 1024;

const ROWS = [row(1, "A", ["Line ID", "Amount"]), row(2, "A", ["L1", 10])].join("");
const WHOLE_SHEET_MERGE = `<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells>`;

function sheet(after: string, extra: Partial<SheetPart> = {}): SheetPart {
  return { name: "Lines", rows: ROWS, after, ...extra };
}

function parts(after: string): Map<string, string> {
  return packageParts({ sheets: [sheet(after)] });
}

async function problem(work: Promise<unknown>): Promise<string> {
  try {
    await work;
  } catch (error) {
    if (error instanceof PackageProblem) return error.message;
    throw error;
  }
  throw new Error("the package was accepted");
}

function sheetXml(bytes: Uint8Array): string {
  return text(readZip(bytes), "xl/worksheets/sheet1.xml");
}

describe("forExcelJs: broken XML is searched in one pass", () => {
  it(
    "leaves a sheet full of merged-cell start tags that never end as it is",
    async () => {
      const bytes = zipTexts(parts("<mergeCell ".repeat(HOSTILE)));
      const prepared = await forExcelJs(bytes, nodeInflater());
      expect(prepared.bytes).toBe(bytes);
      expect(prepared.notes).toEqual([]);
    },
    HOSTILE_BUDGET,
  );

  it(
    "counts merged areas whose end tags never come, each as its start tag alone",
    async () => {
      const bytes = zipTexts(parts(`<mergeCell ref="A1:B1">`.repeat(HOSTILE)));
      expect(await problem(forExcelJs(bytes, nodeInflater()))).toBe("the workbook has 150,000 merged areas, more than 10,000, too many to save from here");
    },
    HOSTILE_BUDGET,
  );

  it(
    "leaves validations whose end tags never come as they are",
    async () => {
      const bytes = zipTexts(parts(`<dataValidation type="list" sqref="A1">`.repeat(HOSTILE)));
      const prepared = await forExcelJs(bytes, nodeInflater());
      expect(prepared.bytes).toBe(bytes);
      expect(prepared.notes).toEqual([]);
    },
    HOSTILE_BUDGET,
  );

  it(
    "cuts a whole-sheet merge that comes before merge lists whose end tags never come",
    async () => {
      const bytes = zipTexts(parts(WHOLE_SHEET_MERGE + "<mergeCells>".repeat(HOSTILE)));
      const prepared = await forExcelJs(bytes, nodeInflater());
      // Two rows in use and 200 prepared under them; one column holds cells.
      expect(prepared.notes).toEqual([{ sheet: "Lines", kind: "merge", from: "A1:XFD1048576", to: "A1:B202" }]);
      expect(sheetXml(prepared.bytes)).toContain('<mergeCells count="1"><mergeCell ref="A1:B202"/></mergeCells>');
    },
    HOSTILE_BUDGET,
  );

  it(
    "finds the sheet's last column past cell start tags that never end",
    async () => {
      const bytes = zipTexts(parts("<c ".repeat(HOSTILE) + WHOLE_SHEET_MERGE));
      const prepared = await forExcelJs(bytes, nodeInflater());
      expect(prepared.notes.map((n) => n.to)).toEqual(["A1:B202"]);
    },
    HOSTILE_BUDGET,
  );

  it(
    "reads a merged area whose tag holds a long run of name characters without a value",
    async () => {
      const bytes = zipTexts(parts(`<mergeCells count="1"><mergeCell ${"a".repeat(HOSTILE)} ref="A1:XFD1048576"/></mergeCells>`));
      const prepared = await forExcelJs(bytes, nodeInflater());
      expect(prepared.notes.map((n) => n.to)).toEqual(["A1:B202"]);
    },
    HOSTILE_BUDGET,
  );

  it(
    "reads the relationships before a trail of relationship tags that never end",
    async () => {
      const all = parts(WHOLE_SHEET_MERGE);
      all.set("xl/_rels/workbook.xml.rels", `${all.get("xl/_rels/workbook.xml.rels") ?? ""}${"<Relationship ".repeat(HOSTILE)}`);
      const prepared = await forExcelJs(zipTexts(all), nodeInflater());
      // The sheet is still found through the workbook's relationships, and its merge cut.
      expect(prepared.notes.map((n) => n.to)).toEqual(["A1:B202"]);
    },
    HOSTILE_BUDGET,
  );

  it("still reads tags with prefixes, quoted '>' and end tags as it did", async () => {
    const after = `<mergeCells count="3"><mergeCell ref="C1:D1"/><mergeCell note="a>b" ref="A1:XFD1048576"></mergeCell><x:mergeCell ref="A400:XFD1048576"/></mergeCells>`;
    const prepared = await forExcelJs(zipTexts(parts(after)), nodeInflater());
    expect(prepared.notes).toEqual([
      { sheet: "Lines", kind: "merge", from: "A1:XFD1048576", to: "A1:B202" },
      { sheet: "Lines", kind: "merge", from: "A400:XFD1048576", to: null },
    ]);
    expect(sheetXml(prepared.bytes)).toContain(`<mergeCells count="2"><mergeCell ref="C1:D1"/><mergeCell note="a>b" ref="A1:B202"></mergeCell></mergeCells>`);
  });
});

describe("forExcelJs: the unpack limit counts every part", () => {
  /** A plan package with a picture that unpacks to `size` bytes and packs to next to nothing. */
  function withPicture(size: number, store = false): Uint8Array {
    const packed = [...parts("")].map(([name, xml]) => packPart(name, utf8(xml)));
    packed.push(packPart("xl/media/image1.png", new Uint8Array(size), store));
    return zipPacked(packed);
  }

  it("refuses a package whose picture alone unpacks past the limit, though no part needs a change", async () => {
    const bytes = withPicture(3 * MB);
    expect(bytes.byteLength).toBeLessThan(64 * 1024);
    expect(await problem(forExcelJs(bytes, nodeInflater(), { maxUnpackedBytes: 2 * MB }))).toBe("the workbook unpacks to more than 2 MB, too large to save from here");
  });

  it("goes by what a part unpacks to, not by the size its directory declares", async () => {
    const bytes = declareSize(withPicture(3 * MB), "xl/media/image1.png", 10);
    expect(await problem(forExcelJs(bytes, nodeInflater(), { maxUnpackedBytes: 2 * MB }))).toBe("the workbook unpacks to more than 2 MB, too large to save from here");
  });

  it("counts stored parts too", async () => {
    expect(await problem(forExcelJs(withPicture(3 * MB, true), nodeInflater(), { maxUnpackedBytes: 2 * MB }))).toMatch(/^the workbook unpacks to more than 2 MB/);
  });

  it("takes the same package under a limit it fits, and hands it on unchanged", async () => {
    const bytes = withPicture(3 * MB);
    expect((await forExcelJs(bytes, nodeInflater(), { maxUnpackedBytes: 4 * MB })).bytes).toBe(bytes);
    expect(MAX_UNPACKED_BYTES).toBe(400 * MB);
  });

  it("counts the picture when a part needs a change as well", async () => {
    const packed = [...parts(WHOLE_SHEET_MERGE)].map(([name, xml]) => packPart(name, utf8(xml)));
    packed.push(packPart("xl/media/image1.png", new Uint8Array(3 * MB)));
    expect(await problem(forExcelJs(zipPacked(packed), nodeInflater(), { maxUnpackedBytes: 2 * MB }))).toMatch(/^the workbook unpacks to more than 2 MB/);
  });
});

describe("forExcelJs: ranges cut to the sheet's extent are reported", () => {
  it("notes each cut range with what is left of it, or null when it was left out", async () => {
    const after =
      `<dataValidations count="2">` +
      `<dataValidation type="list" sqref="B:B D3"><formula1>"Yes,No"</formula1></dataValidation>` +
      `<dataValidation type="whole" sqref="A500:C1048576"/>` +
      `</dataValidations>` +
      `<mergeCells count="2"><mergeCell ref="A1:XFD1048576"/><mergeCell ref="A900:XFD1048576"/></mergeCells>`;
    const prepared = await forExcelJs(zipTexts(parts(after)), nodeInflater());
    const expected: RangeCut[] = [
      { sheet: "Lines", kind: "merge", from: "A1:XFD1048576", to: "A1:B202" },
      { sheet: "Lines", kind: "merge", from: "A900:XFD1048576", to: null },
      { sheet: "Lines", kind: "validation", from: "B:B", to: "B1:B202" },
      { sheet: "Lines", kind: "validation", from: "A500:C1048576", to: null },
    ];
    expect(prepared.notes).toEqual(expected);
    expect(prepared.cut).toEqual(expected.map(describeCut));
    const xml = sheetXml(prepared.bytes);
    expect(xml).toContain(`<dataValidations count="1"><dataValidation type="list" sqref="B1:B202 D3">`);
    expect(xml).toContain(`<mergeCells count="1"><mergeCell ref="A1:B202"/></mergeCells>`);
  });

  it("says in one line what became of each range", () => {
    expect(describeCut({ sheet: "Lines", kind: "merge", from: "A1:XFD1048576", to: "A1:B202" })).toBe(
      `Merged cells A1:XFD1048576 on sheet "Lines" were cut to A1:B202, the part of the sheet in use.`,
    );
    expect(describeCut({ sheet: "Lines", kind: "validation", from: "L:L", to: null })).toBe(
      `Data validation on L:L of sheet "Lines" was left out: it covers no cell within the part of the sheet in use.`,
    );
  });

  it("notes nothing when no range is large", async () => {
    const prepared = await forExcelJs(zipTexts(parts(`<mergeCells count="1"><mergeCell ref="A1:B1"/></mergeCells>`)), nodeInflater());
    expect(prepared.notes).toEqual([]);
    expect(prepared.cut).toEqual([]);
  });
});

describe("forExcelJs: a part listed twice", () => {
  /** The plan package with a second part named `second`, after the part `first` it collides with. */
  function twice(first: string, second: string): Uint8Array {
    const packed = [...parts("")].map(([name, xml]) => packPart(name, utf8(xml)));
    expect(packed.map((p) => p.name)).toContain(first);
    return zipPacked([...packed, packPart(second, utf8(`<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>`))]);
  }

  it.each([
    ["under the same name", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet1.xml"],
    ["in another case", "xl/worksheets/sheet1.xml", "XL/Worksheets/Sheet1.XML"],
    ["with a leading slash", "xl/worksheets/sheet1.xml", "/xl/worksheets/sheet1.xml"],
  ])("is refused %s", async (_how, first, second) => {
    expect(await problem(forExcelJs(twice(first, second), nodeInflater()))).toBe(
      `the workbook's package lists part ${second} twice, so it is unclear which one holds the workbook`,
    );
  });

  it("is refused when restoring the kept parts as well", async () => {
    const kept: KeptParts = {
      parts: new Map([["docProps/custom.xml", utf8("<Properties/>")]]),
      contentTypes: new Map<string, string>(),
      packageRelationships: [],
      workbookRelationships: [],
      calculation: new Map<string, string>(),
      headerless: false,
    };
    expect(await problem(restoreKept(twice("xl/workbook.xml", "xl/Workbook.xml"), kept, nodeInflater()))).toMatch(/lists part xl\/Workbook\.xml twice/);
  });
});

describe("forExcelJs: elements and their end tags", () => {
  it("does not take the end of a list for the end of an element in it", async () => {
    const after = `<mergeCells count="2"><mergeCell ref="A1:XFD1048576"><mergeCell ref="A900:XFD1048576"/></mergeCells>`;
    const prepared = await forExcelJs(zipTexts(parts(after)), nodeInflater());
    expect(prepared.notes.map((n) => n.to)).toEqual(["A1:B202", null]);
    expect(sheetXml(prepared.bytes)).toContain(`<mergeCells count="1"><mergeCell ref="A1:B202"></mergeCells>`);
  });
});
