/** Why a file could not be opened or saved, in the host's one line, and what is still open. */
import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Failure } from "./useFileSession";

const useStyles = makeStyles({
  // A reason may hold a long web address; it wraps rather than widen the pane.
  message: { overflowWrap: "anywhere" },
});

export function FailureBar({ failure, onDismiss }: { failure: Failure; onDismiss: () => void }) {
  const styles = useStyles();
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody className={styles.message}>
        <MessageBarTitle>{failure.title}</MessageBarTitle>
        {failure.reason}
        {failure.kept !== null && ` ${failure.kept} is still open, unchanged.`}
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onDismiss}>Dismiss</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
