/**
 * The plan reader's bounds: sizes checked before unpacking, output capped, cells and text
 * lengths counted, each breach a plain sentence; and the zip layouts it must still open.
 */
import { META_SHEET } from "../../../src/plan/schema";
import { XlsxReadError } from "../../../src/xlsx/errors";
import { DEFAULT_LIMITS, type Inflater, InflatedTooLarge, type ReadLimits, readPlanPackage, streamInflater } from "../../../src/xlsx/read";
import { nodeInflater } from "../../../src/xlsx/read/nodeInflate";
import { asZip64, declareSize } from "../../fixtures/zip";
import { buildPackage, deflated, type PackageOptions, row, type SheetPart } from "./packages";

jest.setTimeout(30_000);

const HEADERS = ["Line ID", "Grant ID", "Allocation"];

function lines(rows = [row(1, "A", HEADERS), row(2, "A", ["L1", "G1", 1000]), row(3, "A", ["L2", "G1", 250])].join(""), extra: Partial<SheetPart> = {}): SheetPart {
  return { name: "Lines", rows, tables: [{ name: "tblLines", ref: "A1:C3", columns: HEADERS }], ...extra };
}

async function refusal(bytes: Uint8Array, limits: Partial<ReadLimits> = {}, inflate: Inflater = nodeInflater()): Promise<string> {
  try {
    await readPlanPackage(bytes, { inflate, limits });
  } catch (error) {
    if (error instanceof XlsxReadError) return error.message;
    throw error;
  }
  throw new Error("the file was read");
}

/** An inflater that notes which parts (by their first bytes of output) it was asked to unpack. */
function counting(): { inflate: Inflater; calls: number[] } {
  const calls: number[] = [];
  const inner = nodeInflater();
  return {
    calls,
    inflate: (compressed, max) => {
      calls.push(max);
      return inner(compressed, max);
    },
  };
}

const plain = (options: PackageOptions): Uint8Array => buildPackage(options);

describe("readPlanPackage: limits", () => {
  it("refuses a file larger than the file limit before looking inside", async () => {
    expect(await refusal(plain({ sheets: [lines()] }), { maxFileBytes: 100 })).toMatch(/^the file is [\d.,]+ KB; Grant Planner reads plans of up to 100 bytes$/);
  });

  it("refuses a part whose declared size passes the part limit without unpacking it", async () => {
    const bytes = declareSize(plain({ sheets: [lines()] }), "xl/worksheets/sheet1.xml", 600 * 1024 * 1024);
    const { inflate, calls } = counting();
    const message = await refusal(bytes, {}, inflate);
    expect(message).toBe("the file's part xl/worksheets/sheet1.xml unpacks to 600 MB; Grant Planner reads parts of up to 512 MB");
    expect(calls).not.toContain(600 * 1024 * 1024);
  });

  it("stops a part that unpacks to more than its directory entry says", async () => {
    const bytes = declareSize(plain({ sheets: [lines()] }), "xl/worksheets/sheet1.xml", 40);
    expect(await refusal(bytes)).toBe("the file is damaged: part xl/worksheets/sheet1.xml unpacks to more than the 40 bytes its directory entry says");
    expect(await refusal(bytes, {}, streamInflater())).toContain("unpacks to more than the 40 bytes");
  });

  it("refuses when the parts it needs unpack to more than the total limit", async () => {
    expect(await refusal(plain({ sheets: [lines()] }), { maxTotalInflatedBytes: 1500 })).toContain("more than 1.5 KB, more than Grant Planner reads");
  });

  it("counts the cells it keeps and names the sheet and table when there are too many", async () => {
    expect(await refusal(plain({ sheets: [lines()] }), { maxCells: 5 })).toBe(
      `the file's "Lines" sheet has more than 5 cells in table tblLines and the rows under it; Grant Planner reads plans of up to 5 cells`,
    );
  });

  it("bounds a whole-sheet table by the cells it would hold, not by its range", async () => {
    const rows = [row(1, "A", HEADERS), row(2, "A", ["L1", "G1", 1]), `<row r="1048576"><c r="A1048576"><v>1</v></c></row>`].join("");
    const bytes = plain({ sheets: [lines(rows, { tables: [{ name: "tblLines", ref: "A1:XFD1048576", columns: HEADERS }] })] });
    expect(await refusal(bytes, { maxCells: 100_000 })).toBe(
      `the file's "Lines" sheet has more than 100,000 cells in table tblLines; Grant Planner reads plans of up to 100,000 cells`,
    );
  });

  it("refuses text longer than the text limit in a cell the plan reads, naming sheet and cell", async () => {
    const long = "x".repeat(101);
    expect(await refusal(plain({ sheets: [lines([row(1, "A", HEADERS), row(2, "A", ["L1", long, 1])].join(""))] }), { maxTextLength: 100 })).toBe(
      `the file's "Lines" sheet holds more than 100 characters in cell B2, more than Excel allows in a cell`,
    );
    const shared = plain({
      strings: ["short", long],
      sheets: [lines([row(1, "A", HEADERS), `<row r="2"><c r="A2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c></row>`].join(""))],
    });
    expect(await refusal(shared, { maxTextLength: 100 })).toBe(
      `the file's "Lines" sheet holds more than 100 characters in cell C2, more than Excel allows in a cell`,
    );
  });

  it("names the settings cell whose shared text is too long", async () => {
    const settings: SheetPart = { name: META_SHEET, rows: `<row r="2"><c r="A2" t="s"><v>0</v></c><c r="B2" t="s"><v>1</v></c></row>` };
    const bytes = plain({ strings: ["Created by", "z".repeat(101)], sheets: [lines(), settings] });
    expect(await refusal(bytes, { maxTextLength: 100 })).toBe(
      `the file's "${META_SHEET}" sheet holds more than 100 characters in cell B2, more than Excel allows in a cell`,
    );
  });

  it("steps over a long shared string no plan cell uses", async () => {
    const bytes = plain({
      strings: ["L1", "y".repeat(500_000)],
      sheets: [lines([row(1, "A", HEADERS), `<row r="2"><c r="A2" t="s"><v>0</v></c></row>`].join(""))],
    });
    const raw = await readPlanPackage(bytes, { inflate: nodeInflater(), limits: { maxTextLength: 100 } });
    expect(raw.tables[0]?.rows[0]).toEqual(["L1", null, null]);
  });

  it("passes over a settings key on the last row of the sheet (settings live in A2:B100) without walking a million rows", async () => {
    const settings: SheetPart = {
      name: META_SHEET,
      rows: [row(2, "A", ["Schema version", 1]), `<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>Far away</t></is></c><c r="B1048576"><v>7</v></c></row>`].join(""),
    };
    const raw = await readPlanPackage(plain({ sheets: [lines(), settings] }), { inflate: nodeInflater() });
    expect(raw.meta).toEqual({ "Schema version": 1 });
  });

  it("does not read data validation or conditional formatting at all, even over a whole sheet", async () => {
    const after =
      '<conditionalFormatting sqref="A1:XFD1048576"><cfRule type="expression" priority="1"><formula>TRUE</formula></cfRule></conditionalFormatting>' +
      '<dataValidations count="1"><dataValidation type="list" sqref="A1:XFD1048576"><formula1>"a,b"</formula1></dataValidation></dataValidations>';
    const raw = await readPlanPackage(plain({ sheets: [lines(undefined, { after })] }), { inflate: nodeInflater() });
    expect(raw.tables[0]?.rows).toEqual([
      ["L1", "G1", 1000],
      ["L2", "G1", 250],
    ]);
  });

  it("refuses merged areas that pile over the same table rows, before the work grows as areas × rows", async () => {
    const body = Array.from({ length: 2000 }, (_, i) => row(i + 2, "A", [`L${i + 1}`, "G1", 1])).join("");
    const merges = Array.from({ length: 5001 }, () => '<mergeCell ref="C2:C2001"/>').join("");
    const sheet: SheetPart = {
      name: "Lines",
      rows: row(1, "A", HEADERS) + body,
      tables: [{ name: "tblLines", ref: "A1:C2001", columns: HEADERS }],
      after: `<mergeCells count="5001">${merges}</mergeCells>`,
    };
    expect(await refusal(plain({ sheets: [sheet] }))).toMatch(/so many merged areas over the plan's tables/);
  });

  it("keeps Excel's own cell text limit as the default", () => {
    expect(DEFAULT_LIMITS.maxTextLength).toBe(32_767);
  });
});

describe("readPlanPackage: zip layouts", () => {
  it("reads an archive with data in front of it (a download wrapper, a self-extracting stub)", async () => {
    const bytes = plain({ sheets: [lines()] });
    const prefixed = new Uint8Array(Buffer.concat([Buffer.from("#!/bin/sh\nexit 0\n".repeat(10)), Buffer.from(bytes)]));
    const raw = await readPlanPackage(prefixed, { inflate: nodeInflater() });
    expect(raw.tables[0]?.rows[1]).toEqual(["L2", "G1", 250]);
  });

  it("reads an archive whose directory is found through ZIP64 records", async () => {
    const raw = await readPlanPackage(asZip64(plain({ sheets: [lines()] })), { inflate: nodeInflater() });
    expect(raw.tables[0]?.rows[0]).toEqual(["L1", "G1", 1000]);
  });
});

describe("inflaters", () => {
  const text = "<row/>".repeat(50_000);

  it.each([
    ["node zlib", nodeInflater()],
    ["DecompressionStream", streamInflater()],
  ])("%s unpacks raw deflate in pieces and stops past its allowance", async (_name, inflate) => {
    const pieces: Uint8Array[] = [];
    for await (const piece of inflate(deflated(text), text.length)) pieces.push(piece);
    expect(Buffer.concat(pieces).toString("utf8")).toBe(text);
    const tooMuch = async (): Promise<void> => {
      for await (const piece of inflate(deflated(text), 1000)) expect(piece.byteLength).toBeGreaterThan(0);
    };
    await expect(tooMuch()).rejects.toBeInstanceOf(InflatedTooLarge);
  });
});
