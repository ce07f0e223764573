import fc from "fast-check";
import { type CellValue, a1, cellText, columnIndex, columnLetters, isCellError, parseA1 } from "../../src/plan/cell";

describe("columnLetters / columnIndex", () => {
  it.each<[number, string]>([
    [0, "A"],
    [1, "B"],
    [25, "Z"],
    [26, "AA"],
    [27, "AB"],
    [51, "AZ"],
    [52, "BA"],
    [701, "ZZ"],
    [702, "AAA"],
    [16383, "XFD"],
  ])("column %i is %s", (index, letters) => {
    expect(columnLetters(index)).toBe(letters);
    expect(columnIndex(letters)).toBe(index);
  });

  it("columnIndex ignores case", () => {
    expect(columnIndex("xfd")).toBe(16383);
    expect(columnIndex("aA")).toBe(26);
  });

  it("round-trips every index from 0 to 20000", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20000 }), (i) => {
        const letters = columnLetters(i);
        expect(letters).toMatch(/^[A-Z]+$/);
        expect(columnIndex(letters)).toBe(i);
      }),
      { numRuns: 2000 },
    );
  });

  it("is exhaustively a bijection on 0..20000, in shortlex order", () => {
    let previous = "";
    for (let i = 0; i <= 20000; i++) {
      const letters = columnLetters(i);
      expect(columnIndex(letters)).toBe(i);
      const ordered = letters.length > previous.length || (letters.length === previous.length && letters > previous);
      if (!ordered) throw new Error(`${previous} then ${letters} at ${i}`);
      previous = letters;
    }
  });
});

describe("a1 / parseA1", () => {
  it.each<[number, number, string]>([
    [0, 0, "A1"],
    [9, 26, "AA10"],
    [6, 1, "B7"],
    [1048575, 16383, "XFD1048576"],
  ])("a1(%i, %i) = %s and parses back", (row, column, address) => {
    expect(a1(row, column)).toBe(address);
    expect(parseA1(address)).toEqual({ row, column });
  });

  it.each<[string, { row: number; column: number }]>([
    ["A1", { row: 0, column: 0 }],
    ["AA10", { row: 9, column: 26 }],
    ["$B$7", { row: 6, column: 1 }],
    ["B$7", { row: 6, column: 1 }],
    ["$B7", { row: 6, column: 1 }],
    ["b7", { row: 6, column: 1 }],
    [" C3 ", { row: 2, column: 2 }],
  ])("parseA1(%p)", (address, expected) => {
    expect(parseA1(address)).toEqual(expected);
  });

  it.each(["A0", "1A", "", "A", "7", "A01", "A-1", "ABCD1", "A1:B2", "Sheet1!A1", "A 1", "$$A1", "A1.5"])(
    "parseA1(%p) is null",
    (address) => {
      expect(parseA1(address)).toBeNull();
    },
  );

  it("a1 then parseA1 round-trips", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1048575 }), fc.integer({ min: 0, max: 16383 }), (row, column) => {
        expect(parseA1(a1(row, column))).toEqual({ row, column });
      }),
    );
  });
});

describe("cellText / isCellError", () => {
  it.each<[CellValue, string, boolean]>([
    [null, "", false],
    ["abc", "abc", false],
    [12.5, "12.5", false],
    [true, "true", false],
    [{ error: "#REF!" }, "#REF!", true],
  ])("%p reads as %p", (value, text, isError) => {
    expect(cellText(value)).toBe(text);
    expect(isCellError(value)).toBe(isError);
  });
});

describe("addresses beyond Excel's grid", () => {
  it("refuses columns past XFD and rows past 1,048,576", () => {
    expect(parseA1("XFD1048576")).toEqual({ row: 1048575, column: 16383 });
    expect(parseA1("XFE1")).toBeNull();
    expect(parseA1("ZZZ1")).toBeNull();
    expect(parseA1("A1048577")).toBeNull();
  });
});
