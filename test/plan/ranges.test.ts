import { formatRange, overlaps, parseRange, splitSheet } from "../../src/plan/ranges";

describe("cell ranges", () => {
  it.each([
    ["A1:K12", { top: 0, left: 0, bottom: 11, right: 10 }],
    ["$C$5:$D$5", { top: 4, left: 2, bottom: 4, right: 3 }],
    ["B7", { top: 6, left: 1, bottom: 6, right: 1 }],
    ["Lines!K12:A1", { top: 0, left: 0, bottom: 11, right: 10 }],
    ["'O''Brien''s'!$B$2", { top: 1, left: 1, bottom: 1, right: 1 }],
  ])("parses %s", (text, range) => {
    expect(parseRange(text)).toEqual(range);
  });

  it.each(["", "A1:B2:C3", "Lines!nonsense", "A0", "XFE1:XFE2"])("refuses %j", (text) => {
    expect(parseRange(text)).toBeNull();
  });

  it("names the sheet, unquoting doubled quotes", () => {
    expect(splitSheet("'Priority areas'!A1:B7")).toEqual({ sheet: "Priority areas", cells: "A1:B7" });
    expect(splitSheet("'O''Brien'!C5")).toEqual({ sheet: "O'Brien", cells: "C5" });
    expect(splitSheet("C5")).toEqual({ sheet: "", cells: "C5" });
  });

  it("formats a range back, a single cell without a colon", () => {
    expect(formatRange({ top: 4, left: 2, bottom: 4, right: 3 })).toBe("C5:D5");
    expect(formatRange({ top: 6, left: 1, bottom: 6, right: 1 })).toBe("B7");
  });

  it("tells overlapping ranges from touching ones", () => {
    const a = { top: 0, left: 0, bottom: 4, right: 4 };
    expect(overlaps(a, { top: 4, left: 4, bottom: 9, right: 9 })).toBe(true);
    expect(overlaps(a, { top: 5, left: 0, bottom: 9, right: 4 })).toBe(false);
    expect(overlaps(a, { top: 0, left: 5, bottom: 4, right: 9 })).toBe(false);
  });
});
