/**
 * The Progress tab: choose the quarter to look at (by default the plan's "Returns as at",
 * else the last quarter that has ended), then the figures as at it. Loaded on demand.
 */
import { Body1, makeStyles, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import type { IsoDate } from "../../../plan/periods";
import { asAtFor, progressOf } from "../../../plan/returns/progress";
import { todayIso } from "../../format";
import { findOption, planYears, quarterKey, quarterOptions } from "../../returnsQuarters";
import type { PlanSession } from "../../session";
import { NotAPlanNote } from "../NotAPlanNote";
import { ProgressReport } from "./ProgressReport";
import { QuarterPicker } from "./QuarterPicker";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
});

export interface ProgressViewProps {
  session: PlanSession;
  /** Today's date, for the default quarter when the plan sets none. */
  today?: IsoDate;
}

export function ProgressView({ session, today }: ProgressViewProps) {
  const styles = useStyles();
  const [picked, setPicked] = useState<string | null>(null);
  const plan = session.read?.status === "plan" ? session.read.plan : null;
  const fallback = useMemo(() => (plan === null ? null : asAtFor(plan, null, today ?? todayIso())), [plan, today]);
  const options = useMemo(() => (plan === null ? [] : quarterOptions(planYears(plan), fallback)), [plan, fallback]);
  const chosen = findOption(options, picked) ?? findOption(options, fallback === null ? null : quarterKey(fallback));
  const progress = useMemo(() => (plan === null || chosen === undefined ? null : progressOf(plan, chosen.quarter)), [plan, chosen]);

  if (session.read === null) return null;
  if (session.read.status === "not-a-plan") return <NotAPlanNote reason={session.read.reason} />;
  if (plan === null || chosen === undefined || progress === null) return null;
  if (plan.grants.length === 0) {
    return <Body1 block as="p">This plan has no grants yet: add each award as a row of the table on the Grants sheet.</Body1>;
  }
  return (
    <div className={styles.root}>
      {plan.returns === null && (
        <Body1 block as="p">This plan has no returns tables yet (it is a version-1 plan): every figure below is from allocations alone. Checks offers the upgrade.</Body1>
      )}
      <QuarterPicker label="As at" hint="Figures to date count the quarters up to and including this one." options={options} value={chosen.value} onChange={setPicked} />
      <ProgressReport plan={plan} progress={progress} />
    </div>
  );
}
