/**
 * Decoding raw workbooks: what is not a plan, how tables are found wherever they sit,
 * and that no input, however odd, makes the core throw or name a cell that is not a cell.
 */
import fc from "fast-check";
import { type CellValue, LAST_COLUMN, LAST_ROW, parseA1 } from "../../src/plan/cell";
import { checkWorkbook } from "../../src/plan/checks";
import { planVersion, readPlan } from "../../src/plan/decode";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import type { RawTable, RawWorkbook } from "../../src/plan/raw";
import { LINES, MEASURE_KINDS, META_KEYS, SCHEMA_VERSION, TABLES } from "../../src/plan/schema";
import { SEFTON_2020_21 } from "../../src/plan/examples/sefton-2020-21";
import { summarise, summaryToJson } from "../../src/plan/summary";
import { rawMeta, rawPlan, withCell, withHeaders, withRows, withTypedBelow } from "../support/raw";
import { checked, EXAMPLE_RETURNS_ALL_IN, exampleWorkbook } from "../support/plans";

/** Checked as at the quarter when all the example's returns are in, so that only the plan's own findings show. */
function planOf(raw: RawWorkbook): { plan: Plan; findings: readonly Finding[] } {
  const result = checkWorkbook(raw, { asAt: EXAMPLE_RETURNS_ALL_IN });
  if (result.status !== "plan") throw new Error(result.reason);
  return { plan: result.plan, findings: result.findings };
}

function notAPlanReason(raw: RawWorkbook): string {
  const result = readPlan(raw);
  if (result.status !== "not-a-plan") throw new Error("read as a plan");
  return result.reason;
}

const example = (): RawWorkbook => rawPlan(SEFTON_2020_21);

describe("what is not a plan", () => {
  it("a workbook without the settings sheet", () => {
    const raw: RawWorkbook = { ...example(), meta: null };
    expect(notAPlanReason(raw)).toMatch(/no "Grant Planner settings" sheet/);
    expect(checkWorkbook(raw).status).toBe("not-a-plan");
  });

  it.each<[string, CellValue]>([
    ["missing", null],
    ["text", "one"],
    ["zero", 0],
    ["a fraction", 1.5],
    ["negative", -1],
    ["an error", { error: "#REF!" }],
    ["TRUE", true],
  ])("a schema version that is %s", (_what, version) => {
    const raw: RawWorkbook = { ...example(), meta: { [META_KEYS.schemaVersion]: version } };
    expect(notAPlanReason(raw)).toMatch(/no valid schema version/);
  });

  it("a settings sheet without a schema version key", () => {
    expect(notAPlanReason({ ...example(), meta: { Other: 1 } })).toMatch(/no valid schema version/);
  });

  it("a newer schema version is refused, never half-read", () => {
    const reason = notAPlanReason({ ...example(), meta: rawMeta(SCHEMA_VERSION + 1) });
    expect(reason).toContain(`version ${SCHEMA_VERSION + 1}`);
    expect(reason).toContain(`up to version ${SCHEMA_VERSION}`);
  });

  it("a schema version typed as text is read", () => {
    expect(planVersion({ ...example(), meta: rawMeta(" 1 ") })).toEqual({ ok: true, version: 1 });
  });
});

describe("finding tables and columns", () => {
  const lineSummary = (plan: Plan): unknown =>
    plan.lines.map((l) => [l.id, l.grantId, l.activity, l.allocation?.toFixed(2) ?? null, l.isReserve, l.priorityAreas]);

  it("reads the example raw workbook with no findings", () => {
    const { plan, findings } = planOf(example());
    expect(findings).toEqual([]);
    expect(plan.lines).toHaveLength(11);
    expect(plan.measures).toHaveLength(33);
    expect(plan.areas).toHaveLength(6);
  });

  it("matches headers ignoring case and spaces, in any column order", () => {
    const reference = planOf(example()).plan;
    const shuffled = withHeaders(example(), "tblLines", [
      "  ALLOCATION ",
      "notes",
      "Priority   Areas",
      "line id",
      "MEASURES",
      "Reserve",
      "grant ID",
      "expected outcomes",
      "Theme",
      "lead  organisation",
      "activity",
    ]);
    const { plan, findings } = planOf(shuffled);
    expect(findings).toEqual([]);
    expect(lineSummary(plan)).toEqual(lineSummary(reference));
    expect(plan.layouts.lines?.columns).toMatchObject({ allocation: 0, id: 3, grantId: 6, activity: 10 });
  });

  it("names real cells when a table does not start at A1", () => {
    // tblLines with its header on row 5 starting in column C: Allocation is column H, CRG-01 is row 6.
    const raw = withCell(rawPlan(SEFTON_2020_21, { lines: { headerRow: 4, firstColumn: 2 } }), "Lines", "H6", "£119,000.00");
    const { plan, findings } = planOf(raw);
    expect(findings).toEqual([expect.objectContaining({ code: "AMOUNT_AS_TEXT", sheet: "Lines", cell: "H6" })]);
    expect(findings[0]?.message).toContain("(H6)");
    const first = plan.lines[0];
    expect(first?.id).toBe("CRG-01");
    expect(first?.row).toBe(5);
    expect(plan.layouts.lines).toMatchObject({ headerRow: 4, firstColumn: 2, width: LINES.columns.length, nextRow: 16, endRow: 16 });
  });

  it("points at the right column of a moved table in a later check", () => {
    const raw = withCell(rawPlan(SEFTON_2020_21, { grants: { headerRow: 2, firstColumn: 1 } }), "Grants", "F4", 331000);
    const { findings } = planOf(raw);
    // Award is the fifth column: B + 4 = F; CRG is the first body row: 3 + 1 = row 4. The
    // stored Unallocated (£0.00, column H) no longer matches the award less the lines.
    expect(findings).toEqual([
      expect.objectContaining({ code: "OVER_ALLOCATED", sheet: "Grants", cell: "F4" }),
      expect.objectContaining({ code: "FORMULA_TOTAL_MISMATCH", sheet: "Grants", cell: "H4" }),
    ]);
  });

  it("ignores extra columns a person added, whatever they hold", () => {
    const headers = [...LINES.columns.map((c) => c.header)];
    headers.splice(3, 0, "RAG status");
    headers.push("Officer comments", "");
    const raw = withHeaders(example(), "tblLines", headers, (header, r) =>
      header === "RAG status" ? { error: "#REF!" } : header === "Officer comments" ? `comment ${r}` : "£not money",
    );
    const { plan, findings } = planOf(raw);
    expect(findings).toEqual([]);
    expect(plan.layouts.lines?.width).toBe(LINES.columns.length + 3);
    expect(plan.layouts.lines?.columns["activity"]).toBe(4);
  });

  it("uses the first of two columns with the same header", () => {
    const headers = [...LINES.columns.map((c) => c.header), "Allocation"];
    const raw = withHeaders(example(), "tblLines", headers, () => 1);
    const { findings } = planOf(raw);
    expect(findings).toEqual([]);
  });

  it("reports a missing required column at the cell just right of the table", () => {
    const headers = LINES.columns.map((c) => c.header).filter((h) => h !== "Activity");
    const raw = withHeaders(rawPlan(SEFTON_2020_21, { lines: { firstColumn: 1 } }), "tblLines", headers);
    const { findings } = planOf(raw);
    // Ten columns from B: B..K, so the next column is L.
    expect(findings).toEqual([expect.objectContaining({ code: "COLUMN_MISSING", severity: "error", sheet: "Lines", cell: "L1" })]);
    expect(findings[0]?.message).toContain('"Activity"');
  });

  it("a missing optional column is read as blank without a finding", () => {
    const headers = LINES.columns.map((c) => c.header).filter((h) => h !== "Lead organisation" && h !== "Notes");
    const { plan, findings } = planOf(withHeaders(example(), "tblLines", headers));
    expect(findings).toEqual([]);
    expect(plan.lines.every((l) => l.lead === "" && l.notes === "")).toBe(true);
  });

  it("reports a blank row in the middle of Lines but not the blank rows after the last line", () => {
    let raw = withRows(example(), "tblLines", 3);
    for (const column of ["A", "B", "C", "D", "E", "F", "G", "H", "I", "J"]) raw = withCell(raw, "Lines", `${column}13`, null);
    // Move VRP-05 down two rows so the three blank rows are in the middle, and leave one trailing.
    const lines = raw.tables.find((t) => t.name === "tblLines");
    if (!lines) throw new Error("no tblLines");
    const rows = [...lines.rows];
    const [reserve, blank] = [rows[10], rows[11]];
    if (!reserve || !blank) throw new Error("rows missing");
    rows[10] = blank;
    rows[12] = reserve;
    raw = { ...raw, tables: raw.tables.map((t) => (t === lines ? { ...t, rows } : t)) };
    const { plan, findings } = planOf(raw);
    expect(findings.map((f) => [f.code, f.severity, f.sheet, f.cell])).toEqual([
      ["BLANK_ROW", "info", "Lines", "A12"],
      ["BLANK_ROW", "info", "Lines", "A13"],
    ]);
    expect(plan.lines.map((l) => l.id).slice(-1)).toEqual(["VRP-05"]);
    expect(plan.layouts.lines).toMatchObject({ nextRow: 14, endRow: 15 });
  });

  it("reads a merged range given with a sheet name and $ signs", () => {
    const raw = rawPlan(SEFTON_2020_21, { lines: { merged: ["Lines!$C$5:$D$5", "not a range"] } });
    const { findings } = planOf(raw);
    // Findings are sorted by row: the unreadable range falls back to the table's first cell.
    expect(findings.map((f) => [f.code, f.cell])).toEqual([
      ["MERGED_CELLS", "A1"],
      ["MERGED_CELLS", "C5"],
    ]);
  });

  it("reports a #N/A in a measure's target as an Excel error, not as words", () => {
    const { findings } = planOf(withCell(example(), "Measures", "E3", { error: "#N/A" }));
    // One finding for one problem: the unreadable target is not also reported as missing.
    expect(findings.map((f) => [f.code, f.cell])).toEqual([["CELL_ERROR_VALUE", "E3"]]);
    expect(findings[0]?.message).toContain("#N/A");
  });

  it("finds tables by name whatever their case", () => {
    const raw = example();
    const renamed: RawWorkbook = { ...raw, tables: raw.tables.map((t) => ({ ...t, name: t.name.toUpperCase() })) };
    expect(planOf(renamed).findings).toEqual([]);
  });
});

describe("decoding never throws on user data (property)", () => {
  const A1 = /^[A-Z]{1,3}[1-9][0-9]*$/;

  const knownHeaders = TABLES.flatMap((t) => t.columns.map((c) => c.header));
  const header: fc.Arbitrary<CellValue> = fc.oneof(
    fc.constantFrom(...knownHeaders),
    fc.constantFrom(...knownHeaders).map((h) => `  ${h.toUpperCase()} `),
    fc.string(),
    fc.constant(null),
    fc.integer(),
  );
  const cell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.constant(null),
    fc.boolean(),
    fc.double(),
    fc.constantFrom(Number.NaN, Infinity, -Infinity, -0, 1e308, 5e-324, Number.MAX_SAFE_INTEGER, 2 ** 53 + 1, 332000.00000000006),
    fc.integer({ min: -1_000_000, max: 1_000_000 }),
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.constantFrom("CRG", "VRP", "crg", "CRG-01", "VRP-05", "CRG-01.1", "Yes", "No", "maybe", "2020/21", "2020", "£1,250.00", "(£5.00)", "-0", "12.345", "over 500", "75%", "#REF!", " ", "Early Help", "Early Help; Street lighting"),
    fc.constantFrom(...MEASURE_KINDS.map((k) => k.label)),
    fc.constantFrom("#REF!", "#VALUE!", "#N/A", "#DIV/0!", "#SPILL!").map((error) => ({ error })),
  );
  const range = fc.oneof(
    fc.tuple(fc.integer({ min: 0, max: 200 }), fc.integer({ min: 0, max: 200 })).map(([r, c]) => `${String.fromCharCode(65 + (c % 26))}${r + 1}:${String.fromCharCode(65 + (c % 26))}${r + 2}`),
    fc.string(),
  );
  const sheetName = fc.oneof(fc.constantFrom(...TABLES.map((t) => t.sheet)), fc.string({ minLength: 1, maxLength: 31 }).filter((s) => s.trim() !== ""));
  const tableName = fc.oneof(fc.constantFrom(...TABLES.map((t) => t.table)), fc.constantFrom("tbllines", "Table1"), fc.string());

  const table: fc.Arbitrary<RawTable> = fc
    .record({
      name: tableName,
      sheet: sheetName,
      headerRow: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: LAST_ROW - 100 })),
      firstColumn: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: LAST_COLUMN - 40 })),
      headers: fc.oneof(
        fc.array(header, { maxLength: 14 }),
        fc.constantFrom(...TABLES).map((t) => t.columns.map((c): CellValue => c.header)),
      ),
      merged: fc.array(range, { maxLength: 2 }),
      rowCount: fc.integer({ min: 0, max: 8 }),
      seed: fc.array(cell, { minLength: 1, maxLength: 120 }),
    })
    .map(({ rowCount, seed, ...t }) => ({
      ...t,
      rows: Array.from({ length: rowCount }, (_, r) => t.headers.map((_h, c) => seed[(r * t.headers.length + c) % seed.length] ?? null)),
      below: t.headers.map((_h, c) => seed[(rowCount * t.headers.length + c) % seed.length] ?? null),
    }));

  const workbook: fc.Arbitrary<RawWorkbook> = fc.record({
    sheets: fc.array(fc.record({ name: sheetName, visible: fc.boolean() }), { maxLength: 6 }),
    meta: fc.oneof(
      { weight: 8, arbitrary: fc.constant(rawMeta()) },
      { weight: 1, arbitrary: fc.constant(null) },
      { weight: 1, arbitrary: fc.dictionary(fc.string(), cell) },
    ),
    tables: fc.array(table, { maxLength: 6 }),
  });

  it("checkWorkbook never throws; every finding names a sheet, an A1 cell and says something", () => {
    fc.assert(
      fc.property(workbook, (raw) => {
        const result = checkWorkbook(raw);
        if (result.status === "not-a-plan") {
          expect(result.reason.length).toBeGreaterThan(0);
          return;
        }
        for (const f of result.findings) {
          expect(f.sheet.trim()).not.toBe("");
          expect(f.cell).toMatch(A1);
          expect(parseA1(f.cell)).not.toBeNull();
          expect(f.message.trim()).not.toBe("");
        }
        // The summary of whatever was read never throws either.
        summarise(result.plan).map(summaryToJson);
      }),
      { numRuns: 400 },
    );
  });

  it("holds for plans close to valid: the example with random cells replaced", () => {
    const base = example();
    const edit = fc.record({
      table: fc.integer({ min: 0, max: base.tables.length - 1 }),
      row: fc.integer({ min: -1, max: 40 }),
      column: fc.integer({ min: 0, max: 11 }),
      value: cell,
    });
    fc.assert(
      fc.property(fc.array(edit, { minLength: 1, maxLength: 6 }), (edits) => {
        const tables = base.tables.map((t) => ({ ...t, headers: [...t.headers], rows: t.rows.map((r) => [...r]) }));
        for (const e of edits) {
          const t = tables[e.table];
          if (!t || e.column >= t.headers.length) continue;
          if (e.row === -1) t.headers[e.column] = e.value;
          else {
            const cells = t.rows[e.row];
            if (cells) cells[e.column] = e.value;
          }
        }
        const result = checkWorkbook({ ...base, tables });
        if (result.status !== "plan") throw new Error("meta is untouched");
        for (const f of result.findings) {
          expect(f.sheet).not.toBe("");
          expect(parseA1(f.cell)).not.toBeNull();
          expect(f.message).not.toBe("");
        }
        summarise(result.plan).map(summaryToJson);
      }),
      { numRuns: 400 },
    );
  });
});

describe("optional columns that checks rely on", () => {
  it("a renamed Reserve and Priority areas column give two warnings and no false findings on other cells", async () => {
    const { findings } = await examplePlanWithLinesHeaders({ G1: "Reserve?", H1: "Areas" });
    expect(findings.map((f) => [f.code, f.severity, f.cell])).toEqual([
      ["COLUMN_MISSING", "warning", "L1"],
      ["COLUMN_MISSING", "warning", "L1"],
    ]);
    expect(findings.map((f) => f.message).join(" ")).toMatch(/no "Reserve" column, so no line is treated as a reserve/);
    expect(findings.map((f) => f.message).join(" ")).toMatch(/no "Priority areas" column, so lines cannot be checked/);
  });

  it("a missing Target column is one warning, not a MEASURE_TARGET_MISSING per measure", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Measures", "E1", "Goal");
    const { findings } = await checked(wb, { asAt: EXAMPLE_RETURNS_ALL_IN });
    expect(findings.map((f) => f.code)).toEqual(["COLUMN_MISSING"]);
  });
});

describe("duplicate grant IDs", () => {
  it("are reported once as ID_DUPLICATE, without false over- or under-allocation on either grant", async () => {
    const wb = await exampleWorkbook();
    wb.setValue("Grants", "A3", "CRG");
    const { findings } = await checked(wb);
    const codes = findings.map((f) => f.code);
    expect(codes).toContain("ID_DUPLICATE");
    expect(codes).not.toContain("OVER_ALLOCATED");
    expect(codes).not.toContain("UNALLOCATED");
  });
});

async function examplePlanWithLinesHeaders(headers: Record<string, string>): Promise<{ findings: readonly Finding[] }> {
  const wb = await exampleWorkbook();
  for (const [address, text] of Object.entries(headers)) wb.setValue("Lines", address, text);
  return checked(wb, { asAt: EXAMPLE_RETURNS_ALL_IN });
}

describe("look-alike IDs", () => {
  it("an ID with a zero-width space is read as its clean twin and reported, so it cannot pass as a different ID", () => {
    const raw = withCell(withCell(rawPlan(SEFTON_2020_21), "Grants", "A3", "CRG\u200b"), "Lines", "B2", "\u00a0CRG\u200d");
    const { plan, findings } = planOf(raw);
    expect(plan.grants.map((g) => g.id)).toEqual(["CRG", "CRG"]);
    expect(plan.lines[0]?.grantId).toBe("CRG");
    expect(findings.filter((f) => f.code === "ID_LOOKALIKE").map((f) => [f.sheet, f.cell, f.severity])).toEqual([
      ["Grants", "A3", "warning"],
      ["Lines", "B2", "warning"],
    ]);
    // The two grants now share one ID: reported as a duplicate rather than silently two grants.
    expect(findings.filter((f) => f.code === "ID_DUPLICATE").map((f) => [f.sheet, f.cell])).toEqual([["Grants", "A3"]]);
  });

  it("a look-alike line reference still finds its line; the message names each character found", () => {
    const raw = withCell(rawPlan(SEFTON_2020_21), "Measures", "B2", "CRG-01\u2060\ufeff\t");
    const { plan, findings } = planOf(raw);
    expect(plan.measures[0]?.lineId).toBe("CRG-01");
    expect(findings.filter((f) => f.code === "LINE_UNKNOWN")).toEqual([]);
    const lookalike = findings.find((f) => f.code === "ID_LOOKALIKE");
    expect(lookalike?.message).toContain("U+2060 WORD JOINER");
    expect(lookalike?.message).toContain("U+FEFF");
    expect(lookalike?.message).toContain("U+0009 TAB");
  });

  it("plain spaces around an ID are matched, and reported since SUMIFS does not ignore them", () => {
    const { plan, findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "B2", "  CRG "));
    expect(findings.map((f) => [f.code, f.sheet, f.cell])).toEqual([["ID_LOOKALIKE", "Lines", "B2"]]);
    expect(plan.lines[0]?.grantId).toBe("CRG");
  });
});

describe("rows typed under a table, outside it", () => {
  it("are reported per run of adjacent rows, with their cells; the rows are not read", () => {
    const raw = withTypedBelow(
      withTypedBelow(rawPlan(SEFTON_2020_21), "tblLines", 13, [
        ["VRP-06", "VRP", null, "Knife crime education", null, 5000],
        ["VRP-07", "VRP", null, "Mentoring", null, 2500],
      ]),
      "tblLines",
      20,
      [[null, null, null, null, null, "Total"]],
    );
    const { plan, findings } = planOf(raw);
    expect(plan.lines).toHaveLength(11);
    expect(findings.map((f) => [f.code, f.severity, f.cell])).toEqual([
      ["ROWS_BELOW_TABLE", "warning", "A14"],
      ["ROWS_BELOW_TABLE", "warning", "A21"],
    ]);
    expect(findings[0]?.message).toContain("Lines!A14:K15 hold values under table tblLines but outside it, so they are not part of the plan");
    expect(findings[1]?.message).toContain("Lines!A21:K21 holds values");
  });
});

describe("numbers as Excel shows them", () => {
  it("a measure's target with binary noise is the number Excel shows", () => {
    const { plan, findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Measures", "E2", 59.99999999999999));
    expect(findings).toEqual([]);
    expect(plan.measures[0]?.target?.toString()).toBe("60");
  });

  it("an allocation written =340000*0.35 (118999.99999999999) is £119,000.00, not a sub-penny error", () => {
    const { plan, findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "F2", 340000 * 0.35, "340000*0.35"));
    expect(findings).toEqual([]);
    expect(plan.lines[0]?.allocation?.toFixed(2)).toBe("119000.00");
  });
});

describe("formulas with no stored result", () => {
  it("an uncalculated allocation is its own error, never blank or £0.00, and its grant's totals are unknown", () => {
    const { plan, findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "F3", { uncalculated: "100000/2" }, "100000/2"));
    expect(findings.map((f) => [f.code, f.cell])).toEqual([["FORMULA_NOT_CALCULATED", "F3"]]);
    expect(plan.lines[1]).toMatchObject({ allocation: null, allocationKnown: false });
    const crg = summarise(plan).map(summaryToJson)[0];
    expect([crg?.allocated, crg?.unallocated]).toEqual([null, null]);
  });

  it("an uncalculated Reserve or Kind is FORMULA_NOT_CALCULATED, not a bad flag or kind", () => {
    const raw = withCell(withCell(rawPlan(SEFTON_2020_21), "Lines", "G2", { uncalculated: 'IF(1,"Yes","No")' }), "Measures", "D2", { uncalculated: '"Count"' });
    const { findings } = planOf(raw);
    expect(findings.map((f) => [f.code, f.sheet, f.cell])).toEqual([
      ["FORMULA_NOT_CALCULATED", "Lines", "G2"],
      ["FORMULA_NOT_CALCULATED", "Measures", "D2"],
    ]);
  });
});

describe("hostile text: bounded time and short messages", () => {
  const BUDGET = 20_000;

  it(
    "a 200,000-digit allocation is not an amount, with a short message, in seconds at most",
    () => {
      const { findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "F2", "9".repeat(200_000)));
      const found = findings.filter((f) => f.code === "AMOUNT_NOT_A_NUMBER");
      expect(found.map((f) => f.cell)).toEqual(["F2"]);
      expect(found[0]?.message.length).toBeLessThan(300);
      expect(found[0]?.message).toContain("200,000 characters");
    },
    BUDGET,
  );

  it(
    "an allocation of '-' and thousands of spaces is not an amount",
    () => {
      const { findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Lines", "F2", `-${" ".repeat(50_000)}x`));
      expect(findings.filter((f) => f.code === "AMOUNT_NOT_A_NUMBER").map((f) => f.cell)).toEqual(["F2"]);
    },
    BUDGET,
  );

  it(
    "an amount beyond £999,999,999,999.99 is too large, said in words",
    () => {
      const { findings } = planOf(withCell(rawPlan(SEFTON_2020_21), "Grants", "E2", 1e20));
      const found = findings.find((f) => f.code === "AMOUNT_NOT_A_NUMBER");
      expect(found?.cell).toBe("E2");
      expect(found?.message).toContain("more than £999,999,999,999.99");
    },
    BUDGET,
  );

  it(
    "400,000-character headers, flags, kinds and IDs are read in bounded time and quoted briefly",
    () => {
      const long = `${"ab ".repeat(133_333)}x`;
      let raw = withCell(rawPlan(SEFTON_2020_21), "Lines", "G2", long);
      raw = withCell(raw, "Measures", "D2", long);
      raw = withCell(raw, "Lines", "A3", `${"\u200b ".repeat(200_000)}CRG-02`);
      raw = withHeaders(raw, "tblPriorityAreas", ["Grant ID", "Priority area", long]);
      const { findings } = planOf(raw);
      expect(findings.map((f) => [f.code, f.sheet, f.cell])).toEqual(
        expect.arrayContaining([
          ["RESERVE_FLAG_INVALID", "Lines", "G2"],
          ["MEASURE_KIND_UNKNOWN", "Measures", "D2"],
          ["ID_LOOKALIKE", "Lines", "A3"],
        ]),
      );
      for (const f of findings) expect(f.message.length).toBeLessThan(600);
    },
    BUDGET,
  );
});

describe("an Excel error in the Reserve or Kind cell", () => {
  it.each([
    ["Lines", "G2", "RESERVE_FLAG_INVALID"],
    ["Measures", "D2", "MEASURE_KIND_UNKNOWN"],
  ])("%s!%s showing #N/A is reported as the error it is, not as %s", (sheet, cell, wrongCode) => {
    const read = readPlan(withCell(rawPlan(SEFTON_2020_21), sheet, cell, { error: "#N/A" }));
    if (read.status !== "plan") throw new Error(read.reason);
    const here = read.findings.filter((f) => f.sheet === sheet && f.cell === cell);
    expect(here.map((f) => f.code)).toEqual(["CELL_ERROR_VALUE"]);
    expect(here[0]?.message).toContain("#N/A");
    expect(read.findings.map((f) => f.code)).not.toContain(wrongCode);
  });
});
