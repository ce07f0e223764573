/** What the pane is doing now and what it last finished, announced politely to screen readers. */
import { makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, tokens } from "@fluentui/react-components";
import type { Done } from "../session";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

function writtenText(done: Done): string {
  const n = done.written.length;
  if (n === 0) return "Nothing needed writing.";
  return n === 1 ? `${done.written[0] ?? "1 change"}.` : `${n} changes written.`;
}

export function StatusArea({ busy, done }: { busy: string | null; done: Done | null }) {
  const styles = useStyles();
  return (
    <div className={styles.root} aria-live="polite">
      {busy !== null && <Spinner size="tiny" label={busy} labelPosition="after" />}
      {busy === null && done !== null && (
        <MessageBar intent="success">
          <MessageBarBody>
            <MessageBarTitle>{done.action}: done</MessageBarTitle>
            {writtenText(done)}
            {done.findings.map((f, i) => (
              <div key={i}>{f.message}</div>
            ))}
          </MessageBarBody>
        </MessageBar>
      )}
    </div>
  );
}
