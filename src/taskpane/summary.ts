/**
 * The Summary view's logic, apart from its looks: the board summary of the plan as read,
 * what "Refresh summary" must ask before it rebuilds the Summary sheet, the action that
 * rebuilds it, and the bytes and names of the two exports (docs/summary.md). Loaded with
 * the view, never in the pane's first scripts.
 */
import { summaryCsvBytes } from "../plan/boardpack/csv";
import {
  type BuiltSummary,
  buildSummary,
  exportLayout,
  keptSheetName,
  markingOf,
  type RefreshChoice,
  refreshSummaryChanges,
  SUMMARY_TITLE,
  summaryLayout,
  summarySheetState,
} from "../plan/boardpack/sheet";
import type { Plan } from "../plan/model";
import type { IsoDate, Quarter } from "../plan/periods";
import type { RawWorkbook } from "../plan/raw";
import { formatAsAt } from "../plan/returns/quarters";
import { SUMMARY_SHEET } from "../plan/schema";
import { XLSX_TYPE } from "./file/browser";
import { REFRESH_SUMMARY } from "./places";
import { type PlanAction, withPlan } from "./session";

export type { RefreshChoice };
export { XLSX_TYPE };

/** Who built the summary, in its heading line "Generated on … by …". */
export const GENERATED_BY = "the Grant Planner add-in";

/** What the person chose in the view, and what the summary's heading says. */
export interface SummaryChoice {
  readonly asAt: Quarter;
  /** One grant's summary; null for every grant. */
  readonly grantId: string | null;
  /** The plan's file name in file mode; "" in Excel (not shown). */
  readonly planName: string;
  readonly today: IsoDate;
}

/** The plan's protective marking, from the settings of the workbook as read; "" for none. */
export function markingOfRaw(raw: RawWorkbook | null): string {
  return markingOf(raw?.meta ?? null);
}

/** The board summary of the plan as the view shows and exports it. */
export function summaryFor(plan: Plan, raw: RawWorkbook | null, choice: SummaryChoice): BuiltSummary {
  return buildSummary(plan, {
    asAt: choice.asAt,
    grantId: choice.grantId,
    planName: choice.planName,
    marking: markingOfRaw(raw),
    today: choice.today,
    generatedBy: GENERATED_BY,
  });
}

/** What the view must ask before "Refresh summary" writes anything. */
export type RefreshPrompt =
  /** No Summary sheet, or the add-in's own as it built it: rebuilt at once. */
  | { readonly kind: "none" }
  /** The add-in's sheet, changed since it was built (or too large to check): keep a copy, or replace it. */
  | { readonly kind: "edited"; readonly keptName: string }
  /** A sheet called Summary the add-in did not build: it can only be kept under another name. */
  | { readonly kind: "foreign"; readonly keptName: string };

export function refreshPrompt(raw: RawWorkbook | null): RefreshPrompt {
  if (raw === null) return { kind: "none" };
  const state = summarySheetState(raw);
  switch (state.kind) {
    case "absent":
    case "unchanged":
      return { kind: "none" };
    case "edited":
    case "unreadable":
      return { kind: "edited", keptName: keptSheetName(raw) };
    case "foreign":
      return { kind: "foreign", keptName: keptSheetName(raw) };
  }
}

export interface RefreshOptions {
  readonly choice: SummaryChoice;
  /** What to do with a Summary sheet already there. */
  readonly sheet: RefreshChoice;
  /** True when the person answered the warning about an edited sheet; replacing one is refused otherwise. */
  readonly confirmed: boolean;
  /** Draw Excel's native charts (in Excel) or write the note in their place (files). */
  readonly drawCharts: boolean;
}

/** The page header's words for the Summary sheet: the marking and the title. */
function pageOf(marking: string): { marking: string; title: string } {
  return { marking, title: SUMMARY_TITLE };
}

/**
 * Rebuilds the Summary sheet on a fresh read. The person chose what to do with the sheet
 * on the last read; if it has since been edited (or appeared) and they were not asked,
 * nothing is written and the next click asks. A sheet the add-in did not build is never
 * deleted.
 */
export function refreshSummaryAction(options: RefreshOptions): PlanAction {
  return {
    label: REFRESH_SUMMARY,
    busyLabel: "Building the summary sheet…",
    compute: (raw, read) =>
      withPlan(read, (plan) => {
        const prompt = refreshPrompt(raw);
        if (prompt.kind === "edited" && options.sheet === "replace" && !options.confirmed) {
          return {
            notPossible: `The "${SUMMARY_SHEET}" sheet was changed since Grant Planner built it, so nothing was written. Choose "${REFRESH_SUMMARY}" again to keep or replace it.`,
          };
        }
        const marking = markingOfRaw(raw);
        const built = summaryFor(plan, raw, options.choice);
        const layout = summaryLayout(built.heading, built.tables, built.charts, { stamp: true, drawCharts: options.drawCharts });
        const changes = refreshSummaryChanges(raw, layout, pageOf(marking), options.sheet);
        if (changes === null) {
          return {
            notPossible: `A sheet called "${SUMMARY_SHEET}" that Grant Planner did not build is in the way, and it is never deleted: keep it as "${keptSheetName(raw)}" and refresh.`,
          };
        }
        return { changes, findings: [] };
      }),
  };
}

/** A name a file system takes: the characters Windows refuses become "-". */
function safeName(text: string): string {
  const refused = '\\/:*?"<>|';
  return [...text].map((c) => (refused.includes(c) || c.charCodeAt(0) < 32 ? "-" : c)).join("").trim();
}

/** "Summary 2020-21 Q2.xlsx", "Summary CRG 2020-21 Q2.csv". */
export function exportFileName(asAt: Quarter, grantId: string | null, extension: "xlsx" | "csv"): string {
  const quarter = formatAsAt(asAt).replace("/", "-").replace("-Q", " Q");
  return safeName(`Summary ${grantId === null ? "" : `${grantId} `}${quarter}`) + `.${extension}`;
}

export const CSV_TYPE = "text/csv;charset=utf-8";

/** The CSV export: the heading lines and every table, as UTF-8 with a byte order mark. */
export function csvBytes(built: BuiltSummary): Uint8Array {
  return summaryCsvBytes(built.tables, built.heading);
}

/** The exported workbook's bytes; the .xlsx writer is fetched only now, never in the pane's first scripts. */
export async function workbookBytes(built: BuiltSummary, marking: string): Promise<Uint8Array> {
  const { summaryWorkbook } = await import(/* webpackChunkName: "summary-workbook" */ "../xlsx/summaryWorkbook");
  return summaryWorkbook(exportLayout(built), marking);
}
