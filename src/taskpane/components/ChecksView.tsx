/** The Checks tab: the funder's rules and the plan's integrity, grouped by severity; each finding leads to its cell. */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { countBySeverity, type Severity } from "../../plan/findings";
import { formatWhen } from "../format";
import type { PlanSession } from "../session";
import { FindingGroup } from "./FindingGroup";
import { NotAPlanNote } from "./NotAPlanNote";

const useStyles = makeStyles({
  root: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
  bar: { display: "flex", alignItems: "center", flexWrap: "wrap", gap: tokens.spacingHorizontalM },
});

const GROUPS: readonly { severity: Severity; title: string }[] = [
  { severity: "error", title: "Errors" },
  { severity: "warning", title: "Warnings" },
  { severity: "info", title: "Notes" },
];

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ChecksView({ session }: { session: PlanSession }) {
  const styles = useStyles();
  const { read } = session;
  const findings = read?.status === "plan" ? read.findings : [];
  const counts = countBySeverity(findings);
  const select = (sheet: string, cell: string) => void session.select(sheet, cell);
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button appearance="primary" disabled={session.busy !== null} onClick={() => void session.refresh("Running checks…")}>
          Run checks
        </Button>
        {session.readAt !== null && <Body1>Last read {formatWhen(session.readAt)}.</Body1>}
      </div>
      {read?.status === "not-a-plan" && <NotAPlanNote reason={read.reason} />}
      {read?.status === "plan" && (
        <>
          <Body1 as="p" aria-live="polite">
            {findings.length === 0
              ? "No problems found"
              : `${plural(counts.error, "error", "errors")}, ${plural(counts.warning, "warning", "warnings")}, ${plural(counts.info, "note", "notes")}.`}
          </Body1>
          {GROUPS.map(({ severity, title }) => {
            const group = findings.filter((f) => f.severity === severity);
            return group.length === 0 ? null : <FindingGroup key={severity} title={title} findings={group} onSelect={select} />;
          })}
        </>
      )}
    </div>
  );
}
