/** What the browser shows while file mode loads, and if it cannot load. */
import { Body1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, Spinner, Title3, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
});

export function FileModeLoading() {
  const styles = useStyles();
  return (
    <main className={styles.root} aria-labelledby="starting-title" aria-busy="true">
      <Title3 as="h1" id="starting-title">
        Grant Planner
      </Title3>
      <Spinner size="small" label="Loading the .xlsx file tools…" labelPosition="after" />
    </main>
  );
}

export function FileModeFailed({ reason }: { reason: string }) {
  const styles = useStyles();
  return (
    <main className={styles.root} aria-labelledby="starting-title">
      <Title3 as="h1" id="starting-title">
        Grant Planner
      </Title3>
      <MessageBar intent="error" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle>The .xlsx file tools could not be loaded</MessageBarTitle>
          {reason}
        </MessageBarBody>
      </MessageBar>
      <Body1 as="p">Check the connection to the server that provides Grant Planner and reload the page.</Body1>
    </main>
  );
}
