/**
 * Before a submission rewrites returns that already exist: each one's cells, old → new,
 * and a question. Focus moves to the question when it appears, so a keyboard or screen
 * reader user meets it at once.
 */
import { Body1, Button, Caption1, makeStyles, MessageBar, MessageBarBody, MessageBarTitle, tokens } from "@fluentui/react-components";
import { useEffect, useRef } from "react";
import type { SubmissionDiff } from "../../../plan/returns/actions";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  list: { margin: 0, paddingLeft: tokens.spacingHorizontalL, overflowWrap: "anywhere" },
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
  blank: { fontStyle: "italic" },
});

function Shown({ text }: { text: string }) {
  const styles = useStyles();
  return text === "" ? <span className={styles.blank}>(blank)</span> : <>{text}</>;
}

export interface ReturnConfirmProps {
  diff: SubmissionDiff;
  onUpdate: () => void;
  onCancel: () => void;
  disabled: boolean;
}

export function ReturnConfirm({ diff, onUpdate, onCancel, disabled }: ReturnConfirmProps) {
  const styles = useStyles();
  const region = useRef<HTMLDivElement>(null);
  useEffect(() => region.current?.focus(), []);
  const n = diff.updates.length;
  return (
    <div ref={region} role="region" aria-labelledby="return-confirm-title" tabIndex={-1} className={styles.root}>
      <MessageBar intent="warning" layout="multiline">
        <MessageBarBody>
          <MessageBarTitle id="return-confirm-title">{n === 1 ? "1 return already exists" : `${n} returns already exist`}: update?</MessageBarTitle>
          <Caption1 block as="p">The old values are kept in the Return changes table.</Caption1>
        </MessageBarBody>
      </MessageBar>
      {diff.updates.map((u) => (
        <div key={`${u.table}-${u.key}`}>
          <Body1 block as="p">
            <strong>{u.key}</strong>
          </Body1>
          <ul className={styles.list}>
            {u.changes.map((c) => (
              <li key={c.column}>
                {c.column}: <Shown text={c.oldValue} /> → <Shown text={c.newValue} />
              </li>
            ))}
          </ul>
        </div>
      ))}
      {diff.added.length > 0 && <Body1 block as="p">{diff.added.length === 1 ? "1 new return is added too." : `${diff.added.length} new returns are added too.`}</Body1>}
      <div className={styles.actions}>
        <Button appearance="primary" disabled={disabled} onClick={onUpdate}>
          Update returns
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </div>
  );
}
