/** The settings sheet is read by one rule in every host: keys in A (trimmed), values in B, rows 2 to 100. */
import type { CellValue } from "../../src/plan/cell";
import { parseSettings, SETTINGS_FIRST_ROW, SETTINGS_LAST_ROW, SETTINGS_RANGE, settingsFromCells } from "../../src/plan/settings";

describe("parseSettings", () => {
  it("reads keys from column A, trimmed, with their values from column B", () => {
    expect(parseSettings([["  Schema version ", 1], ["Created by", "Grant Planner"], ["Template\t", "blank"]])).toEqual({
      "Schema version": 1,
      "Created by": "Grant Planner",
      Template: "blank",
    });
  });

  it("skips blank keys, keys that are not text and the heading row 1", () => {
    const sheet: CellValue[][] = [
      ["Key", "Value"],
      ["Schema version", 1],
      ["   ", "ignored"],
      [7, "ignored"],
      [null, "ignored"],
      [{ error: "#REF!" }, "ignored"],
      ["Lonely key"],
    ];
    expect(parseSettings(sheet, 0)).toEqual({ "Schema version": 1, "Lonely key": null });
  });

  it("keeps the first row of a key that appears twice", () => {
    expect(parseSettings([["Schema version", 1], [" Schema version", 99]])).toEqual({ "Schema version": 1 });
  });

  it("reads only rows 2 to 100, wherever the block starts", () => {
    const rows: CellValue[][] = Array.from({ length: 150 }, (_, r) => [`key ${r + 1}`, r + 1]);
    const settings = parseSettings(rows, 0);
    expect(Object.keys(settings)).toHaveLength(SETTINGS_LAST_ROW - SETTINGS_FIRST_ROW + 1);
    expect(settings["key 2"]).toBe(2);
    expect(settings["key 100"]).toBe(100);
    expect(settings["key 1"]).toBeUndefined();
    expect(settings["key 101"]).toBeUndefined();
    expect(SETTINGS_RANGE).toBe("A2:B100");
  });

  it("reads a block that starts elsewhere, such as Excel's used range", () => {
    // A used range C98:... has no key column: no settings.
    expect(parseSettings([["x", "y"]], 97, 2)).toEqual({});
    // A used range starting at A99 reaches row 100, and no further.
    expect(parseSettings([["Row 99", 1], ["Row 100", 2], ["Row 101", 3]], 98, 0)).toEqual({ "Row 99": 1, "Row 100": 2 });
  });

  it("settingsFromCells asks only for the cells of A2:B100", () => {
    const asked: string[] = [];
    const settings = settingsFromCells((row, column) => {
      asked.push(`${row},${column}`);
      return row === 1 ? (column === 0 ? " Schema version " : 1) : null;
    });
    expect(settings).toEqual({ "Schema version": 1 });
    expect(asked).toHaveLength((SETTINGS_LAST_ROW - SETTINGS_FIRST_ROW + 1) * 2);
    expect(asked[0]).toBe("1,0");
    expect(asked[asked.length - 1]).toBe("99,1");
  });
});
