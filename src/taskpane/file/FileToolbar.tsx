/**
 * File mode's toolbar: start a plan, open one, and Save .xlsx, which downloads the plan as
 * a file. It sits apart from the pane's own buttons (Save allocations writes into the plan
 * open here) and says in its description what it does, so the two are not confused.
 */
import { Button, Caption1, makeStyles, tokens, useArrowNavigationGroup } from "@fluentui/react-components";

const useStyles = makeStyles({
  root: { display: "flex", flexWrap: "wrap", alignItems: "center", columnGap: tokens.spacingHorizontalXS, rowGap: tokens.spacingVerticalXXS },
  toolbar: { display: "flex", flexWrap: "wrap", alignItems: "center", gap: tokens.spacingHorizontalXS, flexGrow: 1 },
  save: { marginLeft: "auto" },
  hint: { color: tokens.colorNeutralForeground2, flexBasis: "100%", textAlign: "end" },
});

export interface FileToolbarProps {
  canSave: boolean;
  onNewBlank: () => void;
  onOpenExample: () => void;
  onChoose: () => void;
  onSave: () => void;
}

export function FileToolbar({ canSave, onNewBlank, onOpenExample, onChoose, onSave }: FileToolbarProps) {
  const styles = useStyles();
  // A toolbar is one tab stop; the arrow keys move between its buttons.
  const arrowKeys = useArrowNavigationGroup({ circular: true, axis: "horizontal", memorizeCurrent: true });
  return (
    <div className={styles.root}>
      {/* Buttons stay enabled while a file opens (a click then is ignored), so keyboard focus stays put. */}
      <div role="toolbar" aria-label="File" className={styles.toolbar} {...arrowKeys}>
        <Button appearance="subtle" onClick={onNewBlank}>
          New blank plan
        </Button>
        <Button appearance="subtle" onClick={onOpenExample}>
          Open the example
        </Button>
        <Button appearance="subtle" onClick={onChoose}>
          Open .xlsx…
        </Button>
        <Button appearance="primary" className={styles.save} disabled={!canSave} onClick={onSave} aria-describedby="save-xlsx-what">
          Save .xlsx
        </Button>
      </div>
      <Caption1 id="save-xlsx-what" className={styles.hint}>
        Save .xlsx downloads the whole plan as a file.
      </Caption1>
    </div>
  );
}
