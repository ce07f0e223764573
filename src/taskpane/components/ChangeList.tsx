/** A labelled list of change descriptions ("Set the allocation of CRG-01 (Lines!F2) to £120,000.00"), for what was and was not written. */
import { Caption1Strong } from "@fluentui/react-components";

export function ChangeList({ title, items, empty }: { title: string; items: readonly string[]; empty: string }) {
  return (
    <div>
      <Caption1Strong as="p">{title}</Caption1Strong>
      {items.length === 0 ? (
        <p>{empty}</p>
      ) : (
        <ul aria-label={title}>
          {items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
}
