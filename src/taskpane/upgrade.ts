/**
 * Upgrading a version-1 plan (PLAN_OLDER_VERSION): what it would do, worked out by the core
 * on the last read, and the action that does it on a fresh read. Upgrading adds the sheets
 * of quarterly returns and sets the schema version; nothing of the plan's own sheets is
 * written.
 */
import { describeChange } from "../plan/changes";
import type { Finding } from "../plan/findings";
import type { Plan } from "../plan/model";
import type { RawWorkbook } from "../plan/raw";
import { upgradeChanges } from "../plan/returns/upgrade";
import { META_KEYS, RETURN_TABLES, RETURNS_SCHEMA_VERSION, TABLES } from "../plan/schema";
import { CREATED_BY, UPGRADE_PLAN } from "./planActions";
import type { PlanAction } from "./session";

export interface UpgradeOffer {
  /** The sheets upgrading adds, in the order it adds them. */
  readonly sheets: readonly string[];
  /** What will happen, in words. */
  readonly summary: string;
  /** Each change the action would write, described. */
  readonly steps: readonly string[];
  /** Why it cannot be done as things stand; null when it can. */
  readonly refusal: string | null;
}

/** The sheets of quarterly returns, once each. */
export const UPGRADE_SHEETS: readonly string[] = [...new Set(RETURN_TABLES.map((t) => t.sheet))];

/** "A", "B" and "C". */
function quoted(names: readonly string[]): string {
  const words = names.map((n) => `"${n}"`);
  return words.length <= 1 ? words.join("") : `${words.slice(0, -1).join(", ")} and ${words.at(-1) ?? ""}`;
}

/** Null when the finding is not about a plan of an older version. */
export function upgradeOffer(finding: Finding, raw: RawWorkbook, plan: Plan): UpgradeOffer | null {
  if (finding.code !== "PLAN_OLDER_VERSION" || plan.schemaVersion >= RETURNS_SCHEMA_VERSION) return null;
  const result = upgradeChanges(raw, plan, CREATED_BY);
  const summary =
    `Upgrading adds the sheets ${quoted(UPGRADE_SHEETS)} for quarterly returns and sets "${META_KEYS.schemaVersion}" to ${RETURNS_SCHEMA_VERSION}. ` +
    `Nothing typed in ${quoted(TABLES.map((t) => t.sheet))} or any other sheet changes or moves.`;
  return {
    sheets: UPGRADE_SHEETS,
    summary,
    steps: result.changes.filter((c) => c.kind !== "expect").map(describeChange),
    refusal: result.findings.find((f) => f.severity === "error")?.message ?? null,
  };
}

/** Upgrades the plan, computed again on a fresh read; guarded by the schema version as read. */
export function upgradeAction(): PlanAction {
  return {
    label: UPGRADE_PLAN,
    busyLabel: "Upgrading the plan…",
    compute: (raw, read) => {
      if (read.status !== "plan") return { notPossible: `The workbook is no longer a Grant Planner plan (${read.reason}), so nothing was written.` };
      if (read.plan.schemaVersion >= RETURNS_SCHEMA_VERSION) return { notPossible: `The plan is already version ${read.plan.schemaVersion}, so nothing was written.` };
      return upgradeChanges(raw, read.plan, CREATED_BY);
    },
  };
}
