/**
 * The summary laid out on a sheet (docs/summary.md, "The Summary sheet"): what is written
 * where, its formats and page setup, the charts' place and data, and how a refresh tells
 * the add-in's untouched sheet from an edited one or a person's own sheet.
 */
import fc from "fast-check";
import type { CellValue } from "../../../src/plan/cell";
import type { CellInput, Change } from "../../../src/plan/changes";
import { CHART_MAX_CATEGORIES } from "../../../src/plan/boardpack/charts";
import {
  buildSummary,
  CHART_ROWS,
  CHARTS_NOTE,
  KIND_FORMATS,
  keptSheetName,
  markingOf,
  refreshSummaryChanges,
  shownLength,
  summaryLayout,
  type SummaryLayout,
  summarySheetState,
  valuesCheck,
} from "../../../src/plan/boardpack/sheet";
import { TOTAL } from "../../../src/plan/boardpack/tables";
import type { Plan } from "../../../src/plan/model";
import type { Quarter } from "../../../src/plan/periods";
import type { RawWorkbook } from "../../../src/plan/raw";
import { MONEY_FORMAT, SUMMARY_SHEET } from "../../../src/plan/schema";
import { checked, exampleWorkbook } from "../../support/plans";

const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };

let example: Plan;
beforeAll(async () => {
  example = (await checked(await exampleWorkbook(), { asAt: Q2 })).plan;
});

function built(marking = "OFFICIAL-SENSITIVE") {
  return buildSummary(example, { asAt: Q2, grantId: null, planName: "example.xlsx", marking, today: "2026-12-01", generatedBy: "a test" });
}

function layoutOf(drawCharts: boolean, stamp: boolean): SummaryLayout {
  const s = built();
  return summaryLayout(s.heading, s.tables, s.charts, { drawCharts, stamp });
}

/** The row whose first cell is `text`, zero-based. */
function rowOf(layout: SummaryLayout, text: string): number {
  const r = layout.rows.findIndex((row) => row[0] === text);
  if (r < 0) throw new Error(`no row starts with ${text}`);
  return r;
}

/** The values a host reads back from the written rows: text and numbers as written, "" for nothing. */
function readBack(rows: readonly (readonly CellInput[])[]): CellValue[][] {
  return rows.map((row) =>
    row.map((v): CellValue => {
      if (typeof v === "object" && v !== null) throw new Error("the summary holds a formula");
      return v;
    }),
  );
}

function rawWith(values: readonly (readonly CellValue[])[] | null, otherSheets: readonly string[] = []): RawWorkbook {
  return {
    sheets: [{ name: "Lines", visible: true }, { name: SUMMARY_SHEET, visible: true }, ...otherSheets.map((name) => ({ name, visible: true }))],
    meta: null,
    tables: [],
    ownedSheets: [{ sheet: SUMMARY_SHEET, values }],
  };
}

describe("the layout", () => {
  it("starts with the heading lines, the marking first, and repeats them on every printed page", () => {
    const layout = layoutOf(false, false);
    expect(layout.rows.slice(0, 6).map((r) => r[0])).toEqual([
      "OFFICIAL-SENSITIVE",
      "Grant Planner summary",
      "Plan: example.xlsx",
      "Grants: CRG, VRP",
      "As at: 2020/21-Q2",
      "Generated on 01/12/2026 by a test",
    ]);
    expect(layout.printTitleRows).toBe("1:6");
    expect(layout.stampRow).toBeNull();
  });

  it("writes the grants table with the core's figures and its total, money in the plan's £ format", () => {
    const layout = layoutOf(false, false);
    const s = built();
    const title = rowOf(layout, "Grants");
    expect(layout.rows[title + 1]).toEqual(s.tables[0]?.headers);
    const body = layout.rows.slice(title + 2, title + 2 + (s.tables[0]?.rows.length ?? 0));
    expect(body).toEqual(s.tables[0]?.rows);
    const totalRow = body[body.length - 1];
    expect(totalRow?.[0]).toBe(TOTAL);
    // Each money column's cells, the total row's included, have the £ format.
    const award = layout.formats.find((f) => f.numberFormat === MONEY_FORMAT && f.range === `C${title + 3}:C${title + 2 + body.length}`);
    expect(award).toBeDefined();
    // The total of what is shown is the sum of the rows shown, in pennies.
    for (let c = 2; c <= 8; c++) {
      const pennies = body.slice(0, -1).reduce((sum, row) => sum + Math.round(Number(row[c]) * 100), 0);
      expect(Math.round(Number(totalRow?.[c]) * 100)).toBe(pennies);
    }
  });

  it("gives every non-text column of every table its format and right-aligns its header", () => {
    const layout = layoutOf(false, false);
    const s = built();
    for (const table of s.tables) {
      const header = rowOf(layout, table.title) + 1;
      table.kinds.forEach((kind, c) => {
        if (kind === "text" || table.rows.length === 0) return;
        const column = String.fromCharCode(65 + c);
        const range = `${column}${header + 2}:${column}${header + 1 + table.rows.length}`;
        expect(layout.formats).toContainEqual({ range, numberFormat: KIND_FORMATS[kind] });
        expect(layout.formats).toContainEqual({ range: `${column}${header + 1}`, horizontal: "right" });
      });
    }
  });

  it("holds no formula: a commentary that begins with = is text", () => {
    const s = built();
    const lines = s.tables.find((t) => t.title === "Lines");
    if (lines === undefined) throw new Error("no lines table");
    const sneaky = { ...lines, rows: lines.rows.map((r, i) => (i === 0 ? [...r.slice(0, -1), '=HYPERLINK("http://x","y")'] : r)) };
    const layout = summaryLayout(s.heading, s.tables.map((t) => (t === lines ? sneaky : t)), s.charts, { drawCharts: false, stamp: true });
    const cells = layout.rows.flat();
    expect(cells).toContain('=HYPERLINK("http://x","y")');
    expect(cells.every((v) => v === null || typeof v === "string" || typeof v === "number")).toBe(true);
  });

  it("makes columns as wide as their headers, so no header wraps, and rows of wrapped text tall enough for every line", () => {
    const s = built();
    const lines = s.tables.find((t) => t.title === "Lines");
    if (lines === undefined) throw new Error("no lines table");
    const long = `${"word ".repeat(24)}end`;
    const edited = { ...lines, rows: lines.rows.map((r, i) => (i === 0 ? [...r.slice(0, -1), "first line\nsecond line"] : i === 1 ? [...r.slice(0, -1), long] : r)) };
    const layout = summaryLayout(s.heading, s.tables.map((t) => (t === lines ? edited : t)), [], { drawCharts: false, stamp: false });
    const header = rowOf(layout, "Lines") + 1;
    lines.headers.forEach((h, c) => expect(layout.columnWidths[c]).toBeGreaterThanOrEqual(h.length));
    const headerRows = new Set(s.tables.map((t) => rowOf(layout, t.title) + 2));
    const wrappedFrom = layout.formats.filter((f) => f.wrap === true).map((f) => Number(f.range.split(":")[0]?.replace(/[A-Z]+/, "")));
    expect(wrappedFrom.length).toBeGreaterThan(0);
    expect(wrappedFrom.filter((r) => headerRows.has(r))).toEqual([]);
    // The commentary column is 50 wide: the 123-character text takes 3 lines, the two-line text 2.
    expect(layout.columnWidths[9]).toBe(50);
    expect(layout.rowHeights).toContainEqual({ row: header + 1, points: 30 });
    expect(layout.rowHeights).toContainEqual({ row: header + 2, points: 45 });
    expect(layout.rowHeights.some((h) => headerRows.has(h.row + 1))).toBe(false);
  });

  it("without Excel, says where the charts would be and still writes the figures they draw", () => {
    const layout = layoutOf(false, false);
    expect(layout.rows.some((r) => r[0] === CHARTS_NOTE)).toBe(true);
    expect(layout.charts).toEqual([]);
    const s = built();
    for (const chart of s.charts) {
      const title = rowOf(layout, `Chart data: ${chart.title}`);
      expect(layout.rows[title + 1]).toEqual([chart.categoryName, ...chart.series.map((x) => x.name)]);
      expect(layout.rows[title + 2]?.[0]).toBe(chart.categories[0]);
    }
  });

  it("in Excel, keeps rows for the three charts under the heading and draws each from its data on the sheet", () => {
    const layout = layoutOf(true, true);
    expect(layout.rows.some((r) => r[0] === CHARTS_NOTE)).toBe(false);
    expect(layout.charts.map((c) => c.chart.kind)).toEqual(["pie", "barClustered", "columnClustered"]);
    const top = (layout.stampRow ?? 0) + 2;
    for (const placed of layout.charts) {
      const [from, to] = placed.anchor.split(":");
      const first = Number(from?.replace(/[A-Z]+/, ""));
      const last = Number(to?.replace(/[A-Z]+/, ""));
      expect(first).toBe(top + 1);
      expect(last).toBeLessThan(top + 1 + CHART_ROWS);
      // The source's first row is the chart data's header row.
      const header = Number(placed.source.split(":")[0]?.replace(/[A-Z]+/, "")) - 1;
      expect(layout.rows[header]?.[0]).toBe(placed.chart.categoryName);
      expect(layout.rows[header - 1]?.[0]).toBe(`Chart data: ${placed.chart.title}`);
      const rows = Number(placed.source.split(":")[1]?.replace(/[A-Z]+/, "")) - 1 - header;
      expect(rows).toBe(placed.chart.categories.length);
      expect(rows).toBeLessThanOrEqual(CHART_MAX_CATEGORIES);
    }
    // No table is written into the rows kept for the charts.
    for (let r = top; r < top + CHART_ROWS; r++) expect(layout.rows[r]).toEqual([]);
  });
});

describe("column widths", () => {
  it("count a figure's shown characters as en-GB formatting shows them, without formatting it", () => {
    fc.assert(
      fc.property(fc.integer({ min: -99_999_999_999, max: 99_999_999_999 }), fc.integer({ min: -9_999_999_999, max: 9_999_999_999 }), (pennies, count) => {
        const pounds = pennies / 100;
        expect(shownLength(pounds, "money")).toBe(`£${pounds.toLocaleString("en-GB", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`.length);
        expect(shownLength(count, "count")).toBe(count.toLocaleString("en-GB").length);
      }),
    );
    expect(shownLength("two\nlines of text", "text")).toBe(13);
  });
});

describe("the Summary sheet's state", () => {
  it("is absent when there is no sheet of that name, whatever the case of other names", () => {
    const raw: RawWorkbook = { sheets: [{ name: "Lines", visible: true }], meta: null, tables: [] };
    expect(summarySheetState(raw)).toEqual({ kind: "absent" });
  });

  it("is unchanged when the values read back are the ones written", () => {
    const layout = layoutOf(true, true);
    expect(summarySheetState(rawWith(readBack(layout.rows)))).toEqual({ kind: "unchanged" });
  });

  it("is edited when any value changed, was added, or a row was inserted", () => {
    const layout = layoutOf(true, true);
    const r = rowOf(layout, "Grants") + 2;
    const changed = readBack(layout.rows);
    const row = [...(changed[r] ?? [])];
    row[2] = 1;
    changed[r] = row;
    expect(summarySheetState(rawWith(changed))).toEqual({ kind: "edited" });

    const added = readBack(layout.rows);
    added.push(["a note typed under the summary"]);
    expect(summarySheetState(rawWith(added))).toEqual({ kind: "edited" });

    const inserted = readBack(layout.rows);
    inserted.splice((layout.stampRow ?? 0) + 1, 0, ["an inserted row"]);
    expect(summarySheetState(rawWith(inserted))).toEqual({ kind: "edited" });
  });

  it("is unchanged when a number reads back with float noise beyond Excel's 15 digits", () => {
    const layout = layoutOf(false, true);
    const noisy = readBack(layout.rows).map((row) => row.map((v) => (typeof v === "number" && !Number.isInteger(v) ? v * (1 + Number.EPSILON) : v)));
    expect(noisy.flat().some((v, i) => v !== readBack(layout.rows).flat()[i])).toBe(true);
    expect(summarySheetState(rawWith(noisy))).toEqual({ kind: "unchanged" });
  });

  it("is foreign when the sheet has no stamp, unreadable when too large to read", () => {
    expect(summarySheetState(rawWith([["My own summary"], ["£1,000"]]))).toEqual({ kind: "foreign" });
    expect(summarySheetState(rawWith(null))).toEqual({ kind: "unreadable" });
    const layout = layoutOf(false, true);
    const unstamped = readBack(layout.rows);
    unstamped[layout.stampRow ?? 0] = ["Built by Grant Planner. (check zzzzzzzz)"];
    expect(summarySheetState(rawWith(unstamped))).toEqual({ kind: "foreign" });
  });

  it("checks values by position, so two sheets with the same values in other cells differ", () => {
    expect(valuesCheck([["a", "b"]], null)).not.toBe(valuesCheck([["b", "a"]], null));
    expect(valuesCheck([["a", null, ""]], null)).toBe(valuesCheck([["a"]], null));
    expect(valuesCheck([[1]], null)).not.toBe(valuesCheck([["1"]], null));
  });
});

describe("refreshing", () => {
  const page = { marking: "", title: "Grant Planner summary" };
  const kinds = (changes: readonly Change[] | null) => changes?.map((c) => c.kind);

  it("writes the sheet anew when there is none", () => {
    const raw: RawWorkbook = { sheets: [], meta: null, tables: [] };
    expect(kinds(refreshSummaryChanges(raw, layoutOf(true, true), page, "replace"))).toEqual(["createSheet", "setBlock", "formatCells", "pageSetup", "addChart", "addChart", "addChart"]);
  });

  it("replaces the add-in's sheet, or keeps it under the first free name", () => {
    const layout = layoutOf(false, true);
    const raw = rawWith(readBack(layout.rows), ["Summary (old)"]);
    expect(refreshSummaryChanges(raw, layout, page, "replace")?.[0]).toEqual({ kind: "deleteSheet", sheet: SUMMARY_SHEET });
    expect(refreshSummaryChanges(raw, layout, page, "keep")?.[0]).toEqual({ kind: "renameSheet", sheet: SUMMARY_SHEET, to: "Summary (old 2)" });
    expect(keptSheetName({ sheets: [], meta: null, tables: [] })).toBe("Summary (old)");
  });

  it("never deletes a sheet called Summary that the add-in did not build", () => {
    const raw = rawWith([["Minutes of the last board"]]);
    expect(refreshSummaryChanges(raw, layoutOf(false, true), page, "replace")).toBeNull();
    expect(refreshSummaryChanges(raw, layoutOf(false, true), page, "keep")?.[0]?.kind).toBe("renameSheet");
  });
});

describe("the marking", () => {
  it("is the trimmed Protective marking setting, or nothing", () => {
    expect(markingOf({ "Protective marking": "  OFFICIAL-SENSITIVE " })).toBe("OFFICIAL-SENSITIVE");
    expect(markingOf({ "Protective marking": 3 })).toBe("");
    expect(markingOf(null)).toBe("");
    const layout = summaryLayout(built("").heading, [], [], { drawCharts: false, stamp: false });
    expect(layout.rows[0]?.[0]).toBe("Grant Planner summary");
  });
});
