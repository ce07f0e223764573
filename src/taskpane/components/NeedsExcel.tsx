/** Shown when the pane is opened inside an Office app other than Excel (Word, PowerPoint…). */
import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

export function NeedsExcel() {
  const styles = useStyles();
  return (
    <main className={styles.root} aria-labelledby="needs-excel-title">
      <Title3 as="h1" id="needs-excel-title">
        Grant Planner needs Excel
      </Title3>
      <Body1 as="p">
        Open this add-in from Excel (desktop or on the web) to plan grants in your workbook. To work on an .xlsx plan
        without Excel, open the add-in&apos;s page in a web browser instead.
      </Body1>
    </main>
  );
}
