/**
 * An action offered under a finding (taking typed rows into a table, upgrading the plan,
 * adding rows to the Progress sheet): what it will do, in words and as the list of changes
 * the core worked out on the last read, then the button that does it, and its outcome
 * next to that button. When the core refuses the action as things stand, the offer says
 * why instead and has no button.
 *
 * An offer that asks first keeps its question in the page, next to the button, so the
 * person reads what will happen before anything is written. Focus follows the question:
 * onto its answer when it appears, back to the button when it is answered "no".
 */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { Place } from "../places";
import type { OfferPreview } from "../preview";
import type { PlanAction, PlanSession } from "../session";
import { ActionOutcome } from "./ActionOutcome";
import { ChangeList } from "./ChangeList";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    "& p": { margin: 0 },
  },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

/** A question asked, in the page, before the action runs. */
export interface OfferQuestion {
  /** "Upgrade the plan now? Nothing you typed changes." */
  readonly text: string;
  /** The answer that runs the action: "Upgrade now". */
  readonly yes: string;
}

export interface OfferProps {
  /** The offer's name for screen readers: "Upgrading the plan". */
  readonly name: string;
  /** The id of the summary, which describes the buttons; unique in the page. */
  readonly id: string;
  readonly preview: OfferPreview;
  /** The button's words: "Take these rows into the table". */
  readonly apply: string;
  /** The action the button runs, computed again on a fresh read. */
  readonly action: () => PlanAction;
  /** Asked before the action runs; without one, the button runs it at once. */
  readonly question?: OfferQuestion;
  /** Where the action's outcome is shown (places.ts). */
  readonly place: Place;
  readonly session: PlanSession;
}

export function Offer({ name, id, preview, apply, action, question, place, session }: OfferProps) {
  const styles = useStyles();
  const [asking, setAsking] = useState(false);
  const answer = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  useEffect(() => {
    if (asking) answer.current?.focus();
    else if (wasAsking.current) start.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  const busy = session.busy !== null;
  const run = () => {
    // Answered "yes": focus is left to the pane's focus keeper (the outcome, once written).
    wasAsking.current = false;
    setAsking(false);
    void session.run(action());
  };
  return (
    <div className={styles.root} role="group" aria-label={name}>
      {preview.refusal === null ? (
        <>
          <Body1 as="p" id={id}>
            {preview.summary}
          </Body1>
          <ChangeList title="What will be written" items={preview.steps} empty="Nothing needs writing." />
          {question !== undefined && asking ? (
            <div role="group" aria-labelledby={`${id}-question`}>
              <Body1 as="p" id={`${id}-question`}>
                {question.text}
              </Body1>
              <div className={styles.actions}>
                <Button ref={answer} appearance="primary" aria-describedby={id} disabled={busy} onClick={run}>
                  {question.yes}
                </Button>
                <Button disabled={busy} onClick={() => setAsking(false)}>
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <div className={styles.actions}>
              <Button ref={start} aria-describedby={id} disabled={busy} onClick={question === undefined ? run : () => setAsking(true)}>
                {apply}
              </Button>
            </div>
          )}
        </>
      ) : (
        <Body1 as="p">{preview.refusal}</Body1>
      )}
      <ActionOutcome session={session} place={place} />
    </div>
  );
}
