/** The findings of one severity under a heading that counts them. */
import { makeStyles, Subtitle2, tokens, useId } from "@fluentui/react-components";
import type { ReactNode } from "react";
import type { Finding } from "../../plan/findings";
import type { Plan } from "../../plan/model";
import { findingSubject } from "../findingSubject";
import { FindingButton } from "./FindingButton";

const useStyles = makeStyles({
  list: { listStyleType: "none", margin: 0, padding: 0, display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalXXS },
});

export interface FindingGroupProps {
  title: string;
  findings: readonly Finding[];
  plan: Plan;
  onSelect: (sheet: string, cell: string) => void;
  /** Something to offer under a finding (an action that fixes it); null for none. */
  offerFor?: (finding: Finding, index: number) => ReactNode;
}

export function FindingGroup({ title, findings, plan, onSelect, offerFor }: FindingGroupProps) {
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
            <FindingButton finding={f} subject={findingSubject(f, plan)} onSelect={onSelect} />
            {offerFor?.(f, i)}
          </li>
        ))}
      </ul>
    </section>
  );
}
