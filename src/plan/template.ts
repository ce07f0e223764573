/**
 * Plan content in its input form (what a template or the example holds) and its
 * conversion into table rows in the workbook format, formula columns included.
 */
import type { CellInput } from "./changes";
import { money, type Money, sum, toCellNumber } from "./money";
import { AREA_SEPARATOR, AREAS, GRANTS, LINES, MEASURE_KINDS, MEASURES, type MeasureKind, NO, type TableSpec, YES } from "./schema";

export interface GrantInput {
  readonly id: string;
  readonly name: string;
  readonly funder: string;
  readonly year: string;
  /** A money literal, "332000.00". */
  readonly award: string;
  readonly eligibleAreas: readonly string[];
  readonly notes: string;
}

export interface LineInput {
  readonly id: string;
  readonly grantId: string;
  readonly theme: string;
  readonly activity: string;
  readonly lead: string;
  /** A money literal, or null for "not yet allocated". */
  readonly allocation: string | null;
  readonly isReserve: boolean;
  readonly priorityAreas: readonly string[];
  readonly outcomes: string;
  readonly notes: string;
}

export interface MeasureInput {
  readonly id: string;
  readonly lineId: string;
  readonly description: string;
  readonly kind: MeasureKind;
  readonly target: number | null;
  readonly unit: string;
  readonly baseline: number | null;
  readonly notes: string;
}

export interface PlanData {
  readonly grants: readonly GrantInput[];
  readonly lines: readonly LineInput[];
  readonly measures: readonly MeasureInput[];
}

export const BLANK_PLAN: PlanData = { grants: [], lines: [], measures: [] };

/** Values keyed by column key; columns not named are left blank. */
export type RowValues = Readonly<Record<string, CellInput>>;

/** Orders a row's values by the table's columns, filling formula columns with their formula. */
export function rowFor(spec: TableSpec, values: RowValues, results: Readonly<Record<string, number>> = {}): CellInput[] {
  return spec.columns.map((c) => {
    if (c.type === "formula" && c.formula !== undefined) {
      const result = results[c.key];
      return result === undefined ? { formula: c.formula } : { formula: c.formula, result };
    }
    return values[c.key] ?? null;
  });
}

export function kindLabel(kind: MeasureKind): string {
  return MEASURE_KINDS.find((k) => k.kind === kind)?.label ?? kind;
}

export function lineValues(line: LineInput): RowValues {
  return {
    id: line.id,
    grantId: line.grantId,
    theme: line.theme,
    activity: line.activity,
    lead: line.lead,
    allocation: line.allocation === null ? null : toCellNumber(money(line.allocation)),
    reserve: line.isReserve ? YES : NO,
    areas: line.priorityAreas.join(`${AREA_SEPARATOR} `),
    outcomes: line.outcomes,
    notes: line.notes,
  };
}

/** The four tables' rows for a plan, with formula results the core computed exactly. */
export function planRows(data: PlanData): Record<"grants" | "areas" | "lines" | "measures", CellInput[][]> {
  const allocated = (grantId: string): Money =>
    sum(data.lines.filter((l) => l.grantId === grantId && l.allocation !== null).map((l) => money(l.allocation as string)));
  const measureCounts = new Map<string, number>();
  for (const m of data.measures) measureCounts.set(m.lineId, (measureCounts.get(m.lineId) ?? 0) + 1);
  const measureCount = (lineId: string): number => measureCounts.get(lineId) ?? 0;
  return {
    grants: data.grants.map((g) => {
      const a = allocated(g.id);
      return rowFor(
        GRANTS,
        { id: g.id, name: g.name, funder: g.funder, year: g.year, award: toCellNumber(money(g.award)), notes: g.notes },
        { allocated: toCellNumber(a), unallocated: toCellNumber(money(g.award).minus(a)) },
      );
    }),
    areas: data.grants.flatMap((g) => g.eligibleAreas.map((area) => rowFor(AREAS, { grantId: g.id, area }))),
    lines: data.lines.map((l) => rowFor(LINES, lineValues(l), { measureCount: measureCount(l.id) })),
    measures: data.measures.map((m) =>
      rowFor(MEASURES, {
        id: m.id,
        lineId: m.lineId,
        description: m.description,
        kind: kindLabel(m.kind),
        target: m.target,
        unit: m.unit,
        baseline: m.baseline,
        notes: m.notes,
      }),
    ),
  };
}
