/**
 * A finding's severity as a shape and a colour, so neither alone carries it: a red circle
 * with a cross for an error, an orange triangle with "!" for a warning, a blue circle with
 * "i" for a note. Screen readers hear the severity's name.
 */
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { Severity } from "../../plan/findings";

const useStyles = makeStyles({
  icon: { flexShrink: 0, width: "16px", height: "16px", verticalAlign: "text-bottom" },
  error: { color: tokens.colorPaletteRedForeground1 },
  warning: { color: tokens.colorPaletteDarkOrangeForeground1 },
  info: { color: tokens.colorBrandForeground1 },
});

export const SEVERITY_NAME: Record<Severity, string> = { error: "Error", warning: "Warning", info: "Note" };

export function SeverityIcon({ severity }: { severity: Severity }) {
  const styles = useStyles();
  return (
    <svg
      className={mergeClasses(styles.icon, styles[severity])}
      viewBox="0 0 16 16"
      role="img"
      aria-label={SEVERITY_NAME[severity]}
      data-severity={severity}
      focusable="false"
    >
      {severity === "error" && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M5.5 5.5l5 5m0-5l-5 5" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
        </>
      )}
      {severity === "warning" && (
        <>
          <path d="M8 1.2L15.2 14.4H0.8Z" fill="currentColor" strokeLinejoin="round" />
          <path d="M8 5.6v4.2" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
          <circle cx="8" cy="12.1" r="0.95" fill="white" />
        </>
      )}
      {severity === "info" && (
        <>
          <circle cx="8" cy="8" r="7" fill="currentColor" />
          <path d="M8 7.2v4.4" stroke="white" strokeWidth="1.6" strokeLinecap="round" />
          <circle cx="8" cy="4.8" r="0.95" fill="white" />
        </>
      )}
    </svg>
  );
}
