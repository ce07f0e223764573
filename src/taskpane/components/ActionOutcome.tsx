/**
 * The outcome of the last action, shown where its button is: a success message with what
 * was written, or the problem with what was and was not written. Announced politely.
 * The region can take focus (not by Tab), so focus has somewhere to go when the button
 * that started the action is gone (see focus.ts).
 */
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { OUTCOME_MARK } from "../focus";
import { type Place, placeOf } from "../places";
import type { Done, PlanSession } from "../session";
import { ProblemBar } from "./ProblemBar";

const useStyles = makeStyles({
  // Always in the page, even empty: a live region must exist before what it announces arrives.
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  text: { overflowWrap: "break-word" },
});

function writtenText(done: Done): string {
  const n = done.written.length;
  if (n === 0) return "Nothing needed writing.";
  return n === 1 ? `${done.written[0] ?? "1 change"}.` : `${n} changes written.`;
}

export interface ActionOutcomeProps {
  session: PlanSession;
  /** The place, or places, whose outcomes this region shows. */
  place: Place | readonly Place[];
  note?: string;
}

export function ActionOutcome({ session, place, note }: ActionOutcomeProps) {
  const styles = useStyles();
  const { problem, done, busy } = session;
  const here = (action: string) => {
    const at = placeOf(action);
    return typeof place === "string" ? at === place : place.includes(at);
  };
  const showDone = busy === null && done !== null && here(done.action);
  return (
    <div className={styles.root} aria-live="polite" tabIndex={-1} {...OUTCOME_MARK}>
      {showDone && (
        <MessageBar intent="success" layout="multiline">
          <MessageBarBody className={styles.text}>
            <MessageBarTitle>{done.action}: done</MessageBarTitle>
            {writtenText(done)}
            {note !== undefined && ` ${note}`}
            {done.findings.map((f, i) => (
              <div key={i}>{f.message}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
      {problem !== null && here(problem.action) && <ProblemBar problem={problem} onDismiss={session.dismissProblem} />}
    </div>
  );
}
