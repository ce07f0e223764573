/**
 * The outcome of the last action, shown where its button is: a success message with what
 * was written, or the problem with what was and was not written. Announced politely.
 */
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
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

export function ActionOutcome({ session, place, note }: { session: PlanSession; place: Place; note?: string }) {
  const styles = useStyles();
  const { problem, done, busy } = session;
  const showDone = busy === null && done !== null && placeOf(done.action) === place;
  return (
    <div className={styles.root} aria-live="polite">
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
      {problem !== null && placeOf(problem.action) === place && <ProblemBar problem={problem} onDismiss={session.dismissProblem} />}
    </div>
  );
}
