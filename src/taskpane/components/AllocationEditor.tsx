/**
 * Edit a grant's allocations in place: live exact headroom, inline validation, and a save
 * that writes only the lines that changed.
 */
import { Body1, Button, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useMemo, useState } from "react";
import type { Money } from "../../plan/money";
import { type DraftLine, type Drafts, pruneDrafts, reviewDrafts } from "../drafts";
import { saveAllocationsAction } from "../planActions";
import type { PlanSession } from "../session";
import { ActionOutcome } from "./ActionOutcome";
import { AllocationTable } from "./AllocationTable";
import { Headroom } from "./Headroom";

const useStyles = makeStyles({
  actions: { display: "flex", alignItems: "center", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  // While the person types down a long table, what is left of the award stays on screen.
  sticky: {
    position: "sticky",
    bottom: 0,
    zIndex: 1,
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    backgroundColor: tokens.colorNeutralBackground1,
    borderTop: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    "& p": { margin: 0 },
  },
  hint: { color: tokens.colorNeutralForeground2 },
});

export interface AllocationEditorProps {
  grantName: string;
  award: Money | null;
  lines: readonly DraftLine[];
  session: PlanSession;
  /** Where "Save allocations" writes, for its description: the open workbook or the plan in this browser. */
  target: "excel" | "file";
}

function changedText(count: number): string {
  if (count === 0) return "No allocations changed.";
  return count === 1 ? "1 allocation changed." : `${count} allocations changed.`;
}

const SAVE_DESCRIPTION = {
  excel: "Writes the changed allocations into the Lines table of this workbook.",
  file: "Writes the changed allocations into the plan open here. To keep them in a file, choose Save .xlsx at the top.",
} as const;

export function AllocationEditor({ grantName, award, lines, session, target }: AllocationEditorProps) {
  const styles = useStyles();
  const [drafts, setDrafts] = useState<Drafts>({});
  // After every read, entries the workbook now holds are done with; unsaved ones stay.
  useEffect(() => setDrafts((d) => pruneDrafts(lines, d)), [lines]);
  const review = useMemo(() => reviewDrafts(lines, award, drafts), [lines, award, drafts]);
  const canSave = review.invalidCount === 0 && review.edits.length > 0 && session.busy === null;

  return (
    <>
      <AllocationTable caption={`Lines of ${grantName}`} rows={review.rows} onEdit={(id, text) => setDrafts((d) => ({ ...d, [id]: text }))} />
      <div className={styles.sticky}>
        <Headroom headroom={review.headroom} awardKnown={award !== null} />
        <div className={styles.actions}>
          <Button appearance="primary" disabled={!canSave} aria-describedby="save-allocations-what" onClick={() => void session.run(saveAllocationsAction(review.edits))}>
            Save allocations
          </Button>
          <Button disabled={Object.keys(drafts).length === 0} onClick={() => setDrafts({})}>
            Undo edits
          </Button>
          <Body1 aria-live="polite">
            {review.invalidCount > 0
              ? `${review.invalidCount === 1 ? "1 allocation is" : `${review.invalidCount} allocations are`} not a valid amount.`
              : changedText(review.edits.length)}
          </Body1>
        </div>
        <Caption1 as="p" id="save-allocations-what" className={styles.hint}>
          {SAVE_DESCRIPTION[target]}
        </Caption1>
      </div>
      <ActionOutcome session={session} place="allocations" />
    </>
  );
}
