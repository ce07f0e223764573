/**
 * Upgrading a version-1 plan to version 2 (docs/returns.md): only new sheets and tables and
 * the schema version, so nothing a person typed moves. Kept apart from submitting returns
 * (./actions.ts) so that the Checks view, which offers the upgrade, does not bring the
 * submission code into the pane's first download.
 */
import type { ActionResult } from "../actions";
import type { Finding } from "../findings";
import type { Plan } from "../model";
import type { RawWorkbook } from "../raw";
import { DEFAULT_STATUS_KEY, META_KEYS, META_SHEET, RETURN_TABLES, RETURNS_SCHEMA_VERSION } from "../schema";
import { returnRows } from "../template";
import { namesInTheWay, returnTableChanges } from "./tables";
import { type ProgressSheetOptions, progressSheetAfter } from "./linked";
import { uniqueIds } from "./progressRows";
import type { Change } from "../changes";

const refused = (findings: Finding[]): ActionResult => ({ changes: [], findings });

/** The settings sheet's cell that holds the schema version: where setting up puts it (B2). */
const VERSION_KEY_CELL = "A2";
const VERSION_CELL = "B2";

/**
 * Upgrades a version-1 plan to version 2: creates the version-2 sheets and tables (the
 * default status key; a spend profile row per line, blank, so even; a target profile row
 * per measure, Even) and sets "Schema version" to 2, all in one change list. Nothing of a
 * version-1 table is written. Refused, with nothing written, when a sheet or table of a
 * version-2 name is already there. A plan that is already version 2 needs nothing.
 */
export function upgradeChanges(raw: RawWorkbook, plan: Plan, who: string, options: ProgressSheetOptions = {}): ActionResult {
  if (plan.schemaVersion >= RETURNS_SCHEMA_VERSION) return { changes: [], findings: [] };
  const inTheWay = namesInTheWay(
    raw,
    RETURN_TABLES.map((t) => t.sheet),
    RETURN_TABLES.map((t) => t.table),
    "upgrade again",
  );
  if (inTheWay.length > 0) return refused(inTheWay);
  const rows = returnRows({ lineIds: uniqueIds(plan.lines.map((l) => l.id)), measureIds: uniqueIds(plan.measures.map((m) => m.id)) });
  const read = raw.meta?.[META_KEYS.schemaVersion] ?? null;
  const changes: Change[] = [
    {
      kind: "expect",
      sheet: META_SHEET,
      cells: [
        {
          address: VERSION_KEY_CELL,
          value: META_KEYS.schemaVersion,
          message: `"${META_KEYS.schemaVersion}" is no longer in ${META_SHEET}!${VERSION_KEY_CELL}, where the upgrade sets it to ${RETURNS_SCHEMA_VERSION}. Nothing was written; put the setting back in row 2 of that sheet and upgrade again.`,
        },
        {
          address: VERSION_CELL,
          value: read,
          message: `The plan's schema version (${META_SHEET}!${VERSION_CELL}) changed since the workbook was read. Nothing was written; read the workbook again.`,
        },
      ],
    },
    ...returnTableChanges(rows, DEFAULT_STATUS_WORDS),
    {
      kind: "setCells",
      sheet: META_SHEET,
      cells: [{ address: VERSION_CELL, value: RETURNS_SCHEMA_VERSION }],
      label: `Set "${META_KEYS.schemaVersion}" to ${RETURNS_SCHEMA_VERSION} (upgraded by ${who})`,
    },
  ];
  // Last: its formulas name the new tables and the settings.
  const progress = progressSheetAfter(raw, changes, { ...raw.meta, [META_KEYS.schemaVersion]: RETURNS_SCHEMA_VERSION }, options);
  return { changes: [...changes, ...progress.changes], findings: [...progress.findings] };
}

const DEFAULT_STATUS_WORDS: readonly string[] = DEFAULT_STATUS_KEY.map((k) => k.status);
