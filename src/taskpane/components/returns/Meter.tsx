/**
 * How far a measure is towards its target to date: a bar that screen readers announce as a
 * meter with its figures in words, and the same words as its visible caption.
 */
import { Caption1, makeStyles, tokens } from "@fluentui/react-components";
import type { MeterFigures } from "../../returnsProgress";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
  track: {
    height: "8px",
    borderRadius: tokens.borderRadiusMedium,
    backgroundColor: tokens.colorNeutralBackground6,
    overflow: "hidden",
  },
  fill: { height: "100%", backgroundColor: tokens.colorBrandBackground },
  full: { height: "100%", backgroundColor: tokens.colorPaletteGreenBackground3 },
});

export function Meter({ label, figures }: { label: string; figures: MeterFigures }) {
  const styles = useStyles();
  return (
    <div className={styles.root}>
      <div
        role="meter"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={figures.value}
        aria-valuetext={figures.text}
        className={styles.track}
      >
        <div className={figures.value >= 100 ? styles.full : styles.fill} style={{ width: `${figures.value}%` }} />
      </div>
      <Caption1 aria-hidden="true">{figures.text}</Caption1>
    </div>
  );
}
