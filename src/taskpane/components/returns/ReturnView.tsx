/**
 * The Return tab, for a project lead: choose the organisation and the quarter, fill in
 * spend, status and commentary for each of its lines and a value, status and comment for
 * each measure, and submit them all in one action. Returns that already exist are shown
 * old → new and only updated once the person agrees. What is typed is kept by the pane
 * (see App), so moving to another tab or quarter and back loses nothing. Loaded on demand.
 */
import { Body1, Button, Caption1, Field, Input, makeStyles, Select, Subtitle2, tokens } from "@fluentui/react-components";
import { useMemo, useRef, useState } from "react";
import type { IsoDate } from "../../../plan/periods";
import { type ReturnSubmission, type SubmissionDiff, submissionDiff } from "../../../plan/returns/actions";
import { asAtFor, progressOf } from "../../../plan/returns/progress";
import { CREATED_BY } from "../../actionNames";
import { todayIso } from "../../format";
import { submitReturnsAction } from "../../returnsActions";
import {
  defaultQuarter,
  type LineEntry,
  leadName,
  leadQuarters,
  leadsOf,
  NO_LEAD,
  type MeasureEntry,
  returnForm,
  type ReturnsDraft,
  statusChoices,
  submissionOf,
  withoutEntries,
} from "../../returnsDraft";
import { findOption } from "../../returnsQuarters";
import type { PlanSession } from "../../session";
import { ActionOutcome } from "../ActionOutcome";
import { NotAPlanNote } from "../NotAPlanNote";
import { QuarterPicker } from "./QuarterPicker";
import { ReturnConfirm } from "./ReturnConfirm";
import { ReturnLineFields } from "./ReturnLineFields";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalL },
  section: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  actions: { display: "flex", alignItems: "center", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  hint: { color: tokens.colorNeutralForeground2 },
});

function countText(changed: number, errors: number): string {
  if (errors > 0) return errors === 1 ? "1 entry needs correcting." : `${errors} entries need correcting.`;
  if (changed === 0) return "Nothing entered or changed yet.";
  return changed === 1 ? "1 return to submit." : `${changed} returns to submit.`;
}

export interface ReturnViewProps {
  session: PlanSession;
  draft: ReturnsDraft;
  onDraft: (update: (draft: ReturnsDraft) => ReturnsDraft) => void;
  /** Today's date, for the default quarter when the plan sets no "Returns as at". */
  today?: IsoDate;
}

interface Asking {
  readonly submission: ReturnSubmission;
  readonly diff: SubmissionDiff;
}

export function ReturnView({ session, draft, onDraft, today }: ReturnViewProps) {
  const styles = useStyles();
  const [asking, setAsking] = useState<Asking | null>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const plan = session.read?.status === "plan" ? session.read.plan : null;
  const leads = useMemo(() => (plan === null ? [] : leadsOf(plan)), [plan]);
  const lead = leads.find((l) => l.toLowerCase() === draft.lead?.toLowerCase()) ?? leads[0];
  const asAt = useMemo(() => (plan === null ? null : asAtFor(plan, null, today ?? todayIso())), [plan, today]);
  const options = useMemo(() => (plan === null || lead === undefined ? [] : leadQuarters(plan, lead)), [plan, lead]);
  const quarter = findOption(options, draft.quarter) ?? (plan === null || lead === undefined || asAt === null ? undefined : defaultQuarter(plan, lead, options, asAt));
  const progress = useMemo(() => (plan === null || quarter === undefined ? null : progressOf(plan, quarter.quarter)), [plan, quarter]);
  const form = useMemo(
    () => (plan === null || lead === undefined || quarter === undefined ? null : returnForm(plan, lead, quarter.quarter, progress, draft)),
    [plan, lead, quarter, progress, draft],
  );

  if (session.read === null) return null;
  if (session.read.status === "not-a-plan") return <NotAPlanNote reason={session.read.reason} />;
  if (plan === null) return null;
  if (lead === undefined) {
    return <Body1 block as="p">No line names a lead organisation yet: fill in Lead organisation on the Lines sheet, then choose it here.</Body1>;
  }
  const choices = statusChoices(plan);
  const submission = form === null ? null : submissionOf(form);
  const busy = session.busy !== null;
  const fallbackWho = lead === NO_LEAD ? CREATED_BY : lead;
  const who = draft.who.trim() === "" ? fallbackWho : draft.who.trim();

  const submit = async (s: ReturnSubmission, shown: SubmissionDiff) => {
    setAsking(null);
    const submitted = form;
    const ok = await session.run(submitReturnsAction(s, who, shown));
    if (ok && submitted !== null) onDraft((d) => withoutEntries(d, submitted));
  };
  const start = () => {
    if (submission === null) return;
    const diff = submissionDiff(plan, submission);
    if (diff.updates.length > 0) setAsking({ submission, diff });
    else void submit(submission, diff);
  };
  const setLine = (key: string, entry: LineEntry) => {
    setAsking(null);
    onDraft((d) => ({ ...d, lines: { ...d.lines, [key]: entry } }));
  };
  const setMeasure = (key: string, entry: MeasureEntry) => {
    setAsking(null);
    onDraft((d) => ({ ...d, measures: { ...d.measures, [key]: entry } }));
  };

  return (
    <div className={styles.root}>
      {plan.returns === null && (
        <Body1 block as="p">This plan has no returns tables yet (it is a version-1 plan). Upgrade it from the Checks tab before submitting returns.</Body1>
      )}
      <section className={styles.section} aria-labelledby="return-for-heading">
        <Subtitle2 as="h2" id="return-for-heading">
          Return for
        </Subtitle2>
        <Field label="Lead organisation">
          <Select
            value={lead}
            onChange={(_, data) => {
              setAsking(null);
              onDraft((d) => ({ ...d, lead: data.value, quarter: null }));
            }}
          >
            {leads.map((l) => (
              <option key={l} value={l}>
                {leadName(l)}
              </option>
            ))}
          </Select>
        </Field>
        {quarter !== undefined && (
          <QuarterPicker
            label="Quarter"
            options={options}
            value={quarter.value}
            onChange={(value) => {
              setAsking(null);
              onDraft((d) => ({ ...d, quarter: value }));
            }}
          />
        )}
        <Field label="Entered by" hint={`Your name, written with each return; ${fallbackWho} when blank.`}>
          <Input value={draft.who} onChange={(_, data) => onDraft((d) => ({ ...d, who: data.value }))} />
        </Field>
      </section>
      <section className={styles.section} aria-labelledby="return-lines-heading">
        <Subtitle2 as="h2" id="return-lines-heading">
          Lines and measures
        </Subtitle2>
        {form === null || form.rows.length === 0 ? (
          <Body1 block as="p">{leadName(lead)}: no lines in this quarter&apos;s financial year.</Body1>
        ) : (
          form.rows.map((row) => <ReturnLineFields key={row.key} row={row} choices={choices} onLine={setLine} onMeasure={setMeasure} />)
        )}
      </section>
      <div className={styles.section}>
        <div className={styles.actions}>
          <Button
            ref={submitButton}
            appearance="primary"
            disabled={submission === null || busy || asking !== null}
            aria-describedby="submit-returns-what" onClick={start}>
            Submit returns
          </Button>
          <Body1 aria-live="polite">{form === null ? "" : countText(form.changedCount, form.errorCount)}</Body1>
        </div>
        <Caption1 block as="p" id="submit-returns-what" className={styles.hint}>
          Writes every return above that was entered or changed, in one go, below the returns tables.
        </Caption1>
        {asking !== null && (
          <ReturnConfirm
            diff={asking.diff}
            disabled={busy}
            onUpdate={() => void submit(asking.submission, asking.diff)}
            onCancel={() => {
              setAsking(null);
              // Back to the button that asked, enabled again once the question is gone.
              setTimeout(() => submitButton.current?.focus(), 0);
            }}
          />
        )}
      </div>
      <ActionOutcome session={session} place="returns" />
    </div>
  );
}
