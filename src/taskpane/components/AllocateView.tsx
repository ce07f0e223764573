/** The Allocate tab: one grant at a time — edit allocations, split an amount, add a line. */
import { Body1, makeStyles, Subtitle2, tokens } from "@fluentui/react-components";
import { useMemo, useState } from "react";
import { nextLineId } from "../../plan/actions";
import type { DraftLine } from "../drafts";
import type { PlanSession } from "../session";
import { AddLineForm } from "./AddLineForm";
import { AllocationEditor } from "./AllocationEditor";
import { GrantPicker } from "./GrantPicker";
import { NotAPlanNote } from "./NotAPlanNote";
import { SplitHelper } from "./SplitHelper";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

export function AllocateView({ session }: { session: PlanSession }) {
  const styles = useStyles();
  const [picked, setPicked] = useState<string | null>(null);
  const plan = session.read?.status === "plan" ? session.read.plan : null;
  const grant = plan === null ? undefined : (plan.grants.find((g) => g.id === picked) ?? plan.grants[0]);
  // Stable between reads, so edits in progress are only reconciled when the workbook was read again.
  const lines = useMemo<readonly DraftLine[]>(
    () => (plan === null || grant === undefined ? [] : plan.lines.filter((l) => l.grantId.toLowerCase() === grant.id.toLowerCase())),
    [plan, grant],
  );

  if (session.read === null) return null;
  if (session.read.status === "not-a-plan") return <NotAPlanNote reason={session.read.reason} />;
  if (plan === null || grant === undefined) {
    return <Body1 as="p">This plan has no grants yet: add each award as a row of the table on the Grants sheet.</Body1>;
  }
  const title = grant.name || grant.id;
  return (
    <div className={styles.root}>
      <GrantPicker grants={plan.grants} value={grant.id} onChange={setPicked} />
      <section className={styles.section} aria-labelledby="allocations-heading">
        <Subtitle2 as="h2" id="allocations-heading">
          Allocations
        </Subtitle2>
        <AllocationEditor key={grant.id} grantName={title} award={grant.award} lines={lines} session={session} target={session.target} />
      </section>
      <section className={styles.section} aria-labelledby="split-heading">
        <Subtitle2 as="h2" id="split-heading">
          Split an amount across lines
        </Subtitle2>
        <SplitHelper key={grant.id} lines={lines} award={grant.award} session={session} />
      </section>
      <section className={styles.section} aria-labelledby="add-line-heading">
        <Subtitle2 as="h2" id="add-line-heading">
          Add a line
        </Subtitle2>
        <AddLineForm key={grant.id} grantId={grant.id} nextId={nextLineId(plan, grant.id)} eligibleAreas={grant.eligibleAreas} session={session} />
      </section>
    </div>
  );
}
