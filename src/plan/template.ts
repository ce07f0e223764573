/**
 * Plan content in its input form (what a template or the example holds) and its
 * conversion into table rows in the workbook format, formula columns included.
 */
import type { CellInput } from "./changes";
import { money, type Money, sum, toCellNumber } from "./money";
import type { QuarterNumber } from "./periods";
import type { Quarterly } from "./returns/model";
import {
  type AnyTableSpec,
  AREA_SEPARATOR,
  AREAS,
  DEFAULT_STATUS_KEY,
  GRANTS,
  LINE_RETURNS,
  LINES,
  MEASURE_KINDS,
  MEASURE_RETURNS,
  MEASURES,
  type MeasureKind,
  NO,
  QUARTER_LABELS,
  type ReturnTableKey,
  type Situation,
  SPEND_PROFILE,
  STATUS_KEY,
  TARGET_PROFILE,
  TARGET_PROFILES,
  type TableKey,
  type TargetProfileKind,
  YES,
} from "./schema";

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

/** A row of the status key. */
export interface StatusKeyInput {
  readonly status: string;
  readonly meaning: string;
  readonly colour: string;
  readonly suggestedWhen: Situation | null;
}

/** A line's typed spend profile: a money literal per quarter ("29750.00"); all four null means even. */
export interface SpendProfileInput {
  readonly lineId: string;
  readonly quarters: Quarterly<string | null>;
}

/** A measure's target profile; `quarters` only for a typed profile. */
export interface TargetProfileInput {
  readonly measureId: string;
  readonly profile: TargetProfileKind;
  readonly quarters?: Quarterly<number | null>;
}

/** A line's return for one quarter, as a template or the example holds it. */
export interface LineReturnData {
  readonly lineId: string;
  /** "2020/21". */
  readonly year: string;
  readonly quarter: QuarterNumber;
  /** A money literal, "24500.00"; null for a blank cell. */
  readonly spend: string | null;
  readonly status: string;
  readonly commentary: string;
  readonly risks: string;
  readonly enteredBy: string;
  /** UK wall-clock time, "2020-07-14T10:30"; null for a blank cell. */
  readonly enteredOn: string | null;
}

/** A measure's return for one quarter. */
export interface MeasureReturnData {
  readonly measureId: string;
  readonly year: string;
  readonly quarter: QuarterNumber;
  /** The number reported; null for none (milestones, narratives). */
  readonly value: number | null;
  readonly status: string;
  readonly comment: string;
  readonly enteredBy: string;
  readonly enteredOn: string | null;
}

/** The version-2 content of a plan: everything is optional and has a default. */
export interface ReturnsData {
  /** Default: DEFAULT_STATUS_KEY (BRAG). */
  readonly statusKey?: readonly StatusKeyInput[];
  /** Typed spend profiles; every other line gets a row of four blanks (even). */
  readonly spendProfiles?: readonly SpendProfileInput[];
  /** Target profiles other than Even. */
  readonly targetProfiles?: readonly TargetProfileInput[];
  readonly lineReturns?: readonly LineReturnData[];
  readonly measureReturns?: readonly MeasureReturnData[];
  /**
   * Settings written to the settings sheet after the standard ones, by key, e.g.
   * { "Returns as at": "2020/21-Q2" }.
   */
  readonly settings?: Readonly<Record<string, string | number>>;
}

export interface PlanData {
  readonly grants: readonly GrantInput[];
  readonly lines: readonly LineInput[];
  readonly measures: readonly MeasureInput[];
  readonly returns?: ReturnsData;
}

export const BLANK_PLAN: PlanData = { grants: [], lines: [], measures: [] };

/** Values keyed by column key; columns not named are left blank. */
export type RowValues = Readonly<Record<string, CellInput>>;

/** Orders a row's values by the table's columns, filling formula columns with their formula. */
export function rowFor(spec: AnyTableSpec, values: RowValues, results: Readonly<Record<string, number>> = {}): CellInput[] {
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

/** Every table's rows for a plan (both versions), with formula results the core computed exactly. */
export function planRows(data: PlanData): Record<TableKey | ReturnTableKey, CellInput[][]> {
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
    ...returnRows({ lineIds: data.lines.map((l) => l.id), measureIds: data.measures.map((m) => m.id), ...(data.returns ? { returns: data.returns } : {}) }),
  };
}

/** "Even", "All in Q2", …: the Profile cell's word for a target profile. */
export function targetProfileLabel(profile: TargetProfileKind): string {
  return TARGET_PROFILES.find((p) => p.profile === profile)?.label ?? profile;
}

/** "Q1" … "Q4". */
export function quarterLabel(quarter: QuarterNumber): string {
  return QUARTER_LABELS[quarter - 1] ?? `Q${quarter}`;
}

/** The status words a plan's returns may use: its status key's, or the default key's. */
export function statusWords(data: PlanData): string[] {
  return (data.returns?.statusKey ?? DEFAULT_STATUS_KEY).map((k) => k.status);
}

const moneyCell = (literal: string | null): CellInput => (literal === null ? null : toCellNumber(money(literal)));
const dateCell = (local: string | null): CellInput => (local === null ? null : excelDateTime(local));

/**
 * The six version-2 tables' rows: the status key (default BRAG), a spend profile row per
 * line (four blanks, i.e. even, unless the data types one), a target profile row per
 * measure (Even unless the data says otherwise), and the returns the data holds. Return
 * changes start empty.
 */
export function returnRows(plan: { readonly lineIds: readonly string[]; readonly measureIds: readonly string[]; readonly returns?: ReturnsData }): Record<ReturnTableKey, CellInput[][]> {
  const returns = plan.returns ?? {};
  const spend = new Map((returns.spendProfiles ?? []).map((p) => [p.lineId, p] as const));
  const targets = new Map((returns.targetProfiles ?? []).map((p) => [p.measureId, p] as const));
  return {
    statusKey: (returns.statusKey ?? DEFAULT_STATUS_KEY).map((k) =>
      rowFor(STATUS_KEY, { status: k.status, meaning: k.meaning, colour: k.colour, suggestedWhen: k.suggestedWhen ?? "" }),
    ),
    spendProfile: plan.lineIds.map((lineId) => {
      const q = spend.get(lineId)?.quarters ?? [null, null, null, null];
      return rowFor(SPEND_PROFILE, { lineId, q1: moneyCell(q[0]), q2: moneyCell(q[1]), q3: moneyCell(q[2]), q4: moneyCell(q[3]) });
    }),
    targetProfile: plan.measureIds.map((measureId) => {
      const p = targets.get(measureId);
      const q = p?.profile === "typed" ? (p.quarters ?? [null, null, null, null]) : [null, null, null, null];
      return rowFor(TARGET_PROFILE, { measureId, profile: targetProfileLabel(p?.profile ?? "even"), q1: q[0], q2: q[1], q3: q[2], q4: q[3] });
    }),
    lineReturns: (returns.lineReturns ?? []).map((r) =>
      rowFor(LINE_RETURNS, {
        lineId: r.lineId,
        year: r.year,
        quarter: quarterLabel(r.quarter),
        spend: moneyCell(r.spend),
        status: r.status,
        commentary: r.commentary,
        risks: r.risks,
        enteredBy: r.enteredBy,
        enteredOn: dateCell(r.enteredOn),
      }),
    ),
    measureReturns: (returns.measureReturns ?? []).map((r) =>
      rowFor(MEASURE_RETURNS, {
        measureId: r.measureId,
        year: r.year,
        quarter: quarterLabel(r.quarter),
        value: r.value,
        status: r.status,
        comment: r.comment,
        enteredBy: r.enteredBy,
        enteredOn: dateCell(r.enteredOn),
      }),
    ),
    returnChanges: [],
  };
}

/** Days from Excel's day 0 (30 December 1899, so that 1 March 1900 onwards count as Excel counts) to 1 January 1970. */
const UNIX_EPOCH_SERIAL = 25569;
const MS_PER_DAY = 86_400_000;
const WALL_CLOCK = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/**
 * Excel's date-time serial number for a wall-clock time, "2020-07-14T10:30" (seconds and
 * the time are optional): whole days since Excel's day 0 plus the fraction of the day,
 * as Excel stores what a person types. Throws for text that is not a calendar date-time
 * (a programmer error: templates and the clock give these).
 */
export function excelDateTime(local: string): number {
  const m = WALL_CLOCK.exec(local);
  if (!m) throw new RangeError(`not a date-time: ${local}`);
  const part = (i: number): number => Number(m[i] ?? "0");
  const [year, month, day, hour, minute, second] = [part(1), part(2), part(3), part(4), part(5), part(6)];
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== year || back.getUTCMonth() !== month - 1 || back.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) {
    throw new RangeError(`not a calendar date-time: ${local}`);
  }
  return ms / MS_PER_DAY + UNIX_EPOCH_SERIAL;
}

/** "14/07/2020 10:30": a date-time serial number as DATE_TIME_FORMAT shows it (seconds are not shown, not rounded). */
export function formatExcelDateTime(serial: number): string {
  const minutes = Math.floor(Math.round((serial - UNIX_EPOCH_SERIAL) * 86_400) / 60);
  const at = new Date(minutes * 60_000);
  const two = (n: number): string => String(n).padStart(2, "0");
  return `${two(at.getUTCDate())}/${two(at.getUTCMonth() + 1)}/${at.getUTCFullYear()} ${two(at.getUTCHours())}:${two(at.getUTCMinutes())}`;
}

/** The wall-clock time in the UK (Europe/London, so British Summer Time in summer) of an instant, "2020-07-14T10:30:05". */
export function ukWallClock(at: Date): string {
  const parts = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/London",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
    second: "2-digit",
    hourCycle: "h23",
  }).formatToParts(at);
  const part = (type: Intl.DateTimeFormatPartTypes): string => parts.find((p) => p.type === type)?.value ?? "00";
  return `${part("year")}-${part("month")}-${part("day")}T${part("hour")}:${part("minute")}:${part("second")}`;
}
