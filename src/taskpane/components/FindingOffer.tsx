/**
 * The action offered under a finding of the Checks view, when there is one: taking rows
 * typed under a table into it (ROWS_BELOW_TABLE), upgrading a version-1 plan
 * (PLAN_OLDER_VERSION), adding lines' and measures' rows to the Progress sheet
 * (PROGRESS_ROWS_MISSING). Each is worked out by the core on the last read. This code and
 * the core's writing code it uses are fetched after the pane first shows (parts.tsx).
 */
import { useMemo } from "react";
import type { Finding } from "../../plan/findings";
import type { Plan } from "../../plan/model";
import type { IsoDate } from "../../plan/periods";
import type { RawWorkbook } from "../../plan/raw";
import { ADD_PROGRESS_ROWS, TAKE_ROWS, UPGRADE_PLAN } from "../actionNames";
import { todayIso } from "../format";
import { progressRowsAction, progressRowsOffer } from "../progressRows";
import { rowsBelow, takeRowsAction } from "../rowsBelow";
import type { PlanSession } from "../session";
import { upgradeAction, upgradeOffer } from "../upgrade";
import { Offer, type OfferProps } from "./Offer";

export interface FindingOfferProps {
  finding: Finding;
  /** The finding's place in its group, for ids unique in the page. */
  index: number;
  raw: RawWorkbook;
  plan: Plan;
  session: PlanSession;
  /** Today's date, for Progress figures when the plan sets no "Returns as at"; the clock's by default. */
  today?: IsoDate;
}

type OfferFor = Omit<OfferProps, "session">;

function offerFor(finding: Finding, index: number, raw: RawWorkbook, plan: Plan, today: IsoDate): OfferFor | null {
  const upgrade = upgradeOffer(finding, raw, plan);
  if (upgrade !== null) {
    return {
      name: "Upgrading the plan",
      id: `upgrade-${index}`,
      preview: upgrade,
      apply: UPGRADE_PLAN,
      question: { text: "Upgrade the plan now? Nothing you typed changes.", yes: "Upgrade now" },
      action: upgradeAction,
      place: "upgrade",
    };
  }
  const rows = rowsBelow(finding, raw, plan);
  if (rows !== null) {
    return {
      name: `Rows under table ${rows.tableName}`,
      id: `rows-below-${finding.severity}-${index}`,
      preview: rows,
      apply: TAKE_ROWS,
      action: () => takeRowsAction(rows.table, rows.firstRow),
      place: "rows-below",
    };
  }
  const progress = progressRowsOffer(finding, raw, plan, today);
  if (progress !== null) {
    return {
      name: "Rows of the Progress sheet",
      id: `progress-rows-${index}`,
      preview: progress,
      apply: ADD_PROGRESS_ROWS,
      action: () => progressRowsAction(today),
      place: "progress-rows",
    };
  }
  return null;
}

export function FindingOffer({ finding, index, raw, plan, session, today }: FindingOfferProps) {
  const day = today ?? todayIso();
  const offer = useMemo(() => offerFor(finding, index, raw, plan, day), [finding, index, raw, plan, day]);
  return offer === null ? null : <Offer {...offer} session={session} />;
}
