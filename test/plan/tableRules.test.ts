/** Table rules every host follows: the blank body row, the table style, the rows typed under a table. */
import { setupChanges } from "../../src/plan/actions";
import { LAST_ROW } from "../../src/plan/cell";
import { ROWS_SCANNED_BELOW } from "../../src/plan/raw";
import { AREAS, GRANTS, LINES, MEASURES, RETURN_TABLES, STATUS_KEY } from "../../src/plan/schema";
import { blankBodyRow, bodyRowsOf, isEmptyCell, TABLE_STYLE, typedRowsBelow } from "../../src/plan/tableRules";
import { BLANK_PLAN } from "../../src/plan/template";

describe("blankBodyRow", () => {
  it("is blank but for the formula columns, which hold their formula and the result of an empty plan (0)", () => {
    expect(blankBodyRow(GRANTS)).toEqual(
      GRANTS.columns.map((c) => (c.type === "formula" ? { formula: c.formula, result: 0 } : null)),
    );
    expect(blankBodyRow(LINES).filter((v) => v !== null)).toEqual([{ formula: LINES.columns[10]?.formula, result: 0 }]);
    expect(blankBodyRow(AREAS)).toEqual([null, null]);
    expect(blankBodyRow(MEASURES)).toEqual(MEASURES.columns.map(() => null));
  });

  it("is what setting up a blank plan writes into each empty table", () => {
    const setup = setupChanges({ sheets: [], meta: null, tables: [] }, BLANK_PLAN, "blank", "tests");
    const tables = setup.changes.flatMap((c) => (c.kind === "createTable" ? [c] : []));
    expect(tables.slice(0, 4).map((t) => t.rows)).toEqual([GRANTS, AREAS, LINES, MEASURES].map((spec) => [blankBodyRow(spec)]));
    // The returns tables have no formula columns: one row of blanks (the status key comes filled in).
    expect(tables.slice(4).filter((t) => t.table !== STATUS_KEY.table && RETURN_TABLES.some((r) => r.table === t.table)).map((t) => t.rows)).toEqual(
      RETURN_TABLES.filter((t) => t !== STATUS_KEY).map((spec) => [spec.columns.map(() => null)]),
    );
  });
});

describe("bodyRowsOf", () => {
  it("keeps the rows asked for, and gives a table without rows one row of blank cells", () => {
    expect(bodyRowsOf([["a", 1]], 2)).toEqual([["a", 1]]);
    expect(bodyRowsOf([], 3)).toEqual([[null, null, null]]);
  });
});

describe("the table style", () => {
  it("is Excel's built-in medium blue style", () => {
    expect(TABLE_STYLE).toBe("TableStyleMedium2");
  });
});

describe("typedRowsBelow", () => {
  it("keeps the rows that hold something, with their zero-based sheet rows", () => {
    const block = [
      [null, ""],
      ["CRG-07", null],
      [null, null],
      [null, 0],
      [" ", null],
    ];
    expect(typedRowsBelow(block, 13)).toEqual([
      { row: 14, cells: ["CRG-07", null] },
      { row: 16, cells: [null, 0] },
      { row: 17, cells: [" ", null] },
    ]);
  });

  it(`looks no further than ${ROWS_SCANNED_BELOW} rows, nor past the sheet's last row`, () => {
    const block = Array.from({ length: ROWS_SCANNED_BELOW + 5 }, () => ["x"]);
    expect(typedRowsBelow(block, 10)).toHaveLength(ROWS_SCANNED_BELOW);
    expect(typedRowsBelow(block, LAST_ROW - 2).map((t) => t.row)).toEqual([LAST_ROW - 2, LAST_ROW - 1, LAST_ROW]);
  });

  it("counts empty text as empty", () => {
    expect([isEmptyCell(null), isEmptyCell(""), isEmptyCell(" "), isEmptyCell(0), isEmptyCell(false)]).toEqual([true, true, false, false, false]);
  });
});
