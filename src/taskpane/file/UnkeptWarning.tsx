/** The warning shown when a file opens with parts Save .xlsx cannot keep (charts, macros, labels…). */
import { Button, makeStyles, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { listInWords } from "../../xlsx/contents";

const useStyles = makeStyles({
  message: { overflowWrap: "anywhere" },
});

export function UnkeptWarning({ fileName, parts, onDismiss }: { fileName: string; parts: readonly string[]; onDismiss: () => void }) {
  const styles = useStyles();
  return (
    // A landmark of its own, named by its title: no part of the page lies outside every landmark.
    <section aria-labelledby="unkept-title">
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody className={styles.message}>
          <MessageBarTitle id="unkept-title">
            {fileName} has {listInWords(parts)}
          </MessageBarTitle>
          Grant Planner cannot keep them: Save .xlsx writes a copy without them. Keep your original file, and use the
          saved copy only for the plan&apos;s figures.
        </MessageBarBody>
        <MessageBarActions>
          <Button aria-label="Dismiss the warning" onClick={onDismiss}>
            Dismiss
          </Button>
        </MessageBarActions>
      </MessageBar>
    </section>
  );
}
