/**
 * The zip directory as .xlsx reading needs it: parts listed twice, compared as Office
 * compares part names.
 */
import { duplicatePart, zipEntries, type ZipEntry } from "../../src/xlsx/zip";
import { packPart, utf8, zipPacked } from "../fixtures/zip";

function entries(...names: readonly string[]): ZipEntry[] {
  const found = zipEntries(zipPacked(names.map((name) => packPart(name, utf8(`<x>${name}</x>`)))));
  if (found === null) throw new Error("no zip directory");
  return found;
}

describe("duplicatePart", () => {
  it("finds nothing when every part is listed once", () => {
    expect(duplicatePart(entries("[Content_Types].xml", "xl/workbook.xml", "xl/worksheets/sheet1.xml", "xl/worksheets/sheet10.xml"))).toBeNull();
  });

  it.each([
    [["xl/workbook.xml", "xl/workbook.xml"], "xl/workbook.xml"],
    [["xl/workbook.xml", "XL/WORKBOOK.XML"], "XL/WORKBOOK.XML"],
    [["xl/workbook.xml", "/xl/workbook.xml"], "/xl/workbook.xml"],
    [["xl/media/image1.png", "xl\\media\\Image1.png"], "xl\\media\\Image1.png"],
    [["a.xml", "xl/styles.xml", "b.xml", "Xl/Styles.xml", "a.xml"], "Xl/Styles.xml"],
  ])("finds %j listed twice and names the second listing", (names, second) => {
    expect(duplicatePart(entries(...names))).toBe(second);
  });

  it("does not count folder entries", () => {
    expect(duplicatePart(entries("xl/", "xl/", "xl/workbook.xml"))).toBeNull();
  });
});
