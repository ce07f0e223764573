/** What the edited allocations leave of the award, exact to the penny, announced as it changes. */
import { Body1Strong, makeStyles, tokens } from "@fluentui/react-components";
import type { Money } from "../../plan/money";
import { headroomText, isOver } from "../format";

const useStyles = makeStyles({
  over: { color: tokens.colorPaletteRedForeground1 },
});

export interface HeadroomProps {
  headroom: Money | null;
  awardKnown: boolean;
}

export function Headroom({ headroom, awardKnown }: HeadroomProps) {
  const styles = useStyles();
  let text: string;
  if (!awardKnown) text = "The award is not an amount, so what is left cannot be worked out.";
  else if (headroom === null) text = "Correct the highlighted allocations to see what is left of the award.";
  else text = headroomText(headroom);
  const over = headroom !== null && isOver(headroom);
  return (
    <p aria-live="polite">
      <Body1Strong className={over ? styles.over : undefined}>{text}</Body1Strong>
    </p>
  );
}
