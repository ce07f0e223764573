/** A finding as a button: activating it selects the cell it names in the workbook. */
import { Button, Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { Finding } from "../../plan/findings";
import { cellReference } from "../format";

const useStyles = makeStyles({
  button: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    justifyContent: "flex-start",
    textAlign: "start",
    whiteSpace: "normal",
    height: "auto",
    width: "100%",
    maxWidth: "100%",
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    fontWeight: tokens.fontWeightRegular,
  },
  where: { color: tokens.colorNeutralForeground2 },
});

export function FindingButton({ finding, onSelect }: { finding: Finding; onSelect: (sheet: string, cell: string) => void }) {
  const styles = useStyles();
  return (
    <Button appearance="subtle" className={styles.button} onClick={() => onSelect(finding.sheet, finding.cell)}>
      <Caption1 className={styles.where}>
        {cellReference(finding.sheet, finding.cell)} · {finding.code}
      </Caption1>
      <span>{finding.message}</span>
    </Button>
  );
}
