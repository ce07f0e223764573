/** Which file is open and whether it is saved; what file mode is doing; the cell a finding selected. */
import { makeStyles, mergeClasses, Spinner, Text, tokens } from "@fluentui/react-components";
import { cellReference } from "../format";
import type { Opened } from "./useFileSession";
import type { TrackedState } from "./trackedPort";

const useStyles = makeStyles({
  status: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalM, rowGap: tokens.spacingVerticalXXS },
  fileName: { fontWeight: tokens.fontWeightSemibold, overflowWrap: "anywhere" },
  dirty: { color: tokens.colorPaletteDarkOrangeForeground1 },
  selection: { color: tokens.colorNeutralForeground2 },
});

export function FileStatus({ opened, busy, tracked }: { opened: Opened | null; busy: string | null; tracked: TrackedState }) {
  const styles = useStyles();
  const { selection, dirty } = tracked;
  let selected = "";
  if (opened !== null && selection !== null) {
    const where = cellReference(selection.sheet, selection.cell);
    const shown = opened.file.shownValue(selection.sheet, selection.cell);
    selected = shown === null ? `Selected ${where}` : `Selected ${where}: ${shown}`;
  }
  return (
    <div className={styles.status}>
      <Text role="status" aria-live="polite">
        {busy !== null ? (
          <Spinner size="extra-tiny" label={busy} labelPosition="after" />
        ) : opened === null ? (
          "No file open"
        ) : (
          <>
            <span className={styles.fileName}>{opened.file.name}</span>
            {" — "}
            <span className={mergeClasses(dirty && styles.dirty)}>{dirty ? "unsaved changes" : opened.onDisk ? "saved" : "not saved yet"}</span>
          </>
        )}
      </Text>
      <Text role="status" aria-live="polite" className={styles.selection}>
        {selected}
      </Text>
    </div>
  );
}
