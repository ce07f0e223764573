/** A return's status in words, with the status key's colour beside it (the words carry the meaning). */
import { makeStyles, tokens } from "@fluentui/react-components";
import type { StatusChoice } from "../../returnsDraft";
import { statusChoiceOf } from "../../returnsDraft";
import { statusText } from "../../returnsProgress";

const useStyles = makeStyles({
  root: { display: "inline-flex", alignItems: "center", columnGap: tokens.spacingHorizontalXS },
  swatch: {
    display: "inline-block",
    flexShrink: 0,
    width: "0.75em",
    height: "0.75em",
    borderRadius: tokens.borderRadiusCircular,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke1}`,
  },
});

const HEX = /^#[0-9a-f]{6}$/i;

export function StatusBadge({ choices, status }: { choices: readonly StatusChoice[]; status: string }) {
  const styles = useStyles();
  const colour = statusChoiceOf(choices, status)?.colour ?? "";
  return (
    <span className={styles.root}>
      {HEX.test(colour) && <span aria-hidden="true" className={styles.swatch} style={{ backgroundColor: colour }} />}
      <span>{statusText(choices, status)}</span>
    </span>
  );
}
