/** The findings of one severity under a heading that counts them. */
import { makeStyles, Subtitle2, tokens, useId } from "@fluentui/react-components";
import type { Finding } from "../../plan/findings";
import { FindingButton } from "./FindingButton";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
});

export interface FindingGroupProps {
  title: string;
  findings: readonly Finding[];
  onSelect: (sheet: string, cell: string) => void;
}

export function FindingGroup({ title, findings, onSelect }: FindingGroupProps) {
  const styles = useStyles();
  const headingId = useId("findings-");
  return (
    <section aria-labelledby={headingId}>
      <Subtitle2 as="h2" id={headingId}>
        {title} ({findings.length})
      </Subtitle2>
      <ul className={styles.list}>
        {findings.map((f, i) => (
          <li key={`${f.sheet}!${f.cell}:${f.code}:${i}`}>
            <FindingButton finding={f} onSelect={onSelect} />
          </li>
        ))}
      </ul>
    </section>
  );
}
