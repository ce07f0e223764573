/**
 * Shown when the pane is opened inside an Office app other than Excel (Word, PowerPoint…),
 * or in an Excel too old for the Excel JavaScript API the pane needs (`tooOld`).
 */
import { Body1, makeStyles, Title3, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { padding: tokens.spacingHorizontalL, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
});

/** The oldest Excel JavaScript API set the pane works with (getItemOrNullObject and friends). */
export const MINIMUM_EXCEL_API = "1.4";

export function NeedsExcel({ tooOld = false }: { tooOld?: boolean }) {
  const styles = useStyles();
  if (tooOld) {
    return (
      <main className={styles.root} aria-labelledby="needs-excel-title">
        <Title3 as="h1" id="needs-excel-title">
          This Excel is too old for Grant Planner
        </Title3>
        <Body1 as="p">
          Grant Planner needs Excel JavaScript API {MINIMUM_EXCEL_API} or later: Excel on the web, Microsoft 365, or
          Excel 2016 and later with current updates. Nothing in your workbook was read or changed. To work on the plan
          now, save the workbook as .xlsx and open the add-in&apos;s page in a web browser (file mode).
        </Body1>
      </main>
    );
  }
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
