/** What file mode says before any file is open. */
import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  welcome: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalM,
    padding: `${tokens.spacingVerticalL} ${tokens.spacingHorizontalM}`,
    "& p": { margin: 0 },
  },
});

export function Welcome() {
  const styles = useStyles();
  return (
    <main className={styles.welcome} aria-labelledby="file-mode-title">
      <Title3 as="h1" id="file-mode-title">
        Grant Planner
      </Title3>
      <Body1 as="p">
        Plan grants in an .xlsx workbook, right here in the browser. Nothing is uploaded: the file stays on this computer,
        and Save .xlsx downloads it again with your changes.
      </Body1>
      <Body1 as="p">
        Start a new blank plan, open the example (the Sefton Safer Communities Budget Plan 2020/21), or open a plan saved
        from Excel or from here.
      </Body1>
    </main>
  );
}
