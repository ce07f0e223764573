/**
 * A finding as a button: its severity by icon and colour, what it is about in words (the
 * line or grant), the message, and then, smaller, where it is and its code. Activating it
 * selects the cell it names in the workbook.
 */
import { Body1Strong, Button, Caption1, makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Finding } from "../../plan/findings";
import { cellReference } from "../format";
import { SeverityIcon } from "./SeverityIcon";

const useStyles = makeStyles({
  button: {
    display: "flex",
    flexDirection: "column",
    alignItems: "flex-start",
    justifyContent: "flex-start",
    rowGap: tokens.spacingVerticalXXS,
    textAlign: "start",
    whiteSpace: "normal",
    overflowWrap: "break-word",
    height: "auto",
    width: "100%",
    maxWidth: "100%",
    paddingTop: tokens.spacingVerticalXS,
    paddingBottom: tokens.spacingVerticalXS,
    fontWeight: tokens.fontWeightRegular,
    borderLeftWidth: tokens.strokeWidthThickest,
    borderLeftStyle: "solid",
  },
  error: { borderLeftColor: tokens.colorPaletteRedBorder2 },
  warning: { borderLeftColor: tokens.colorPaletteDarkOrangeBorder2 },
  info: { borderLeftColor: tokens.colorBrandStroke1 },
  heading: { display: "flex", alignItems: "flex-start", columnGap: tokens.spacingHorizontalXS },
  where: { color: tokens.colorNeutralForeground3 },
});

export interface FindingButtonProps {
  finding: Finding;
  /** The line or grant the finding is about, in words; null when it is about a sheet or a setting. */
  subject: string | null;
  onSelect: (sheet: string, cell: string) => void;
}

export function FindingButton({ finding, subject, onSelect }: FindingButtonProps) {
  const styles = useStyles();
  return (
    <Button appearance="subtle" className={mergeClasses(styles.button, styles[finding.severity])} onClick={() => onSelect(finding.sheet, finding.cell)}>
      <span className={styles.heading}>
        <SeverityIcon severity={finding.severity} />
        {subject === null ? <span>{finding.message}</span> : <Body1Strong>{subject}</Body1Strong>}
      </span>
      {subject !== null && <span>{finding.message}</span>}
      <Caption1 className={styles.where}>
        {cellReference(finding.sheet, finding.cell)} · {finding.code}
      </Caption1>
    </Button>
  );
}
