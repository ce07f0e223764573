/**
 * What the pane is doing now, announced politely to screen readers. What an action
 * achieved is shown next to its button (ActionOutcome), not here.
 */
import { Spinner } from "@fluentui/react-components";

export function StatusArea({ busy }: { busy: string | null }) {
  return <div aria-live="polite">{busy !== null && <Spinner size="tiny" label={busy} labelPosition="after" />}</div>;
}
