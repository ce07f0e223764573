/**
 * Upgrading a version-1 plan (PLAN_OLDER_VERSION): what it would do, worked out by the core
 * on the last read, and the action that does it on a fresh read. Upgrading adds the sheets
 * of quarterly returns and sets the schema version; nothing of the plan's own sheets is
 * written.
 */
import type { Finding } from "../plan/findings";
import type { Plan } from "../plan/model";
import type { RawWorkbook } from "../plan/raw";
import { upgradeChanges } from "../plan/returns/upgrade";
import { META_KEYS, PROGRESS_SHEET, RETURN_TABLES, RETURNS_SCHEMA_VERSION, TABLES } from "../plan/schema";
import { todayIso } from "./format";
import { CREATED_BY, UPGRADE_PLAN } from "./actionNames";
import { type OfferPreview, previewOf } from "./preview";
import { type PlanAction, withPlan } from "./session";

export interface UpgradeOffer extends OfferPreview {
  /** The sheets upgrading adds, in the order it adds them. */
  readonly sheets: readonly string[];
}

/** The sheets of quarterly returns, once each (the Progress sheet comes after them, when its name is free). */
export const UPGRADE_SHEETS: readonly string[] = [...new Set(RETURN_TABLES.map((t) => t.sheet))];

/** "A", "B" and "C". */
function quoted(names: readonly string[]): string {
  const words = names.map((n) => `"${n}"`);
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1) ?? ""}`;
}

/** Null when the finding is not about a plan of an older version. */
export function upgradeOffer(finding: Finding, raw: RawWorkbook, plan: Plan): UpgradeOffer | null {
  if (finding.code !== "PLAN_OLDER_VERSION" || plan.schemaVersion >= RETURNS_SCHEMA_VERSION) return null;
  const result = upgradeChanges(raw, plan, CREATED_BY, { today: todayIso() });
  const sheets = [...UPGRADE_SHEETS, ...(result.changes.some((c) => c.kind === "createSheet" && c.sheet === PROGRESS_SHEET) ? [PROGRESS_SHEET] : [])];
  const summary =
    `Upgrading adds the sheets ${quoted(sheets)} for quarterly returns and sets "${META_KEYS.schemaVersion}" to ${RETURNS_SCHEMA_VERSION}. ` +
    `Nothing typed in ${quoted(TABLES.map((t) => t.sheet))} or any other sheet changes or moves.`;
  return { sheets, ...previewOf(summary, result) };
}

/** Upgrades the plan, computed again on a fresh read; guarded by the schema version as read. */
export function upgradeAction(): PlanAction {
  return {
    label: UPGRADE_PLAN,
    busyLabel: "Upgrading the plan…",
    compute: (raw, read) =>
      withPlan(read, (plan) =>
        plan.schemaVersion >= RETURNS_SCHEMA_VERSION
          ? { notPossible: `The plan is already version ${plan.schemaVersion}, so nothing was written.` }
          : upgradeChanges(raw, plan, CREATED_BY, { today: todayIso() }),
      ),
  };
}
