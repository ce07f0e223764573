/** The Checks tab: the funder's rules and the plan's integrity, grouped by severity; each finding leads to its cell. */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { countBySeverity, type Finding, type FindingCode, type Severity } from "../../plan/findings";
import { formatWhen } from "../format";
import type { PlanSession } from "../session";
import { ActionOutcome } from "./ActionOutcome";
import { FindingGroup } from "./FindingGroup";
import { FindingOffer } from "../parts";
import type { Place } from "../places";
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

/** The findings that come with an offer to fix them (components/FindingOffer.tsx), and where each offer's outcome is shown. */
const OFFER_PLACES: ReadonlyMap<FindingCode, Place> = new Map<FindingCode, Place>([
  ["ROWS_BELOW_TABLE", "rows-below"],
  ["PLAN_OLDER_VERSION", "upgrade"],
  ["PROGRESS_ROWS_MISSING", "progress-rows"],
]);

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function ChecksView({ session }: { session: PlanSession }) {
  const styles = useStyles();
  const { read } = session;
  const findings = read?.status === "plan" ? read.findings : [];
  const counts = countBySeverity(findings);
  const select = (sheet: string, cell: string) => void session.select(sheet, cell);
  const raw = session.raw;
  // An offer's outcome shows next to its button while the offer is there, and here once it is gone.
  const outcomePlaces: Place[] = ["checks"];
  for (const [code, place] of OFFER_PLACES) if (!findings.some((f) => f.code === code)) outcomePlaces.push(place);
  const offerFor = (finding: Finding, index: number) => {
    if (read?.status !== "plan" || raw === null || !OFFER_PLACES.has(finding.code)) return null;
    return <FindingOffer.Part finding={finding} index={index} raw={raw} plan={read.plan} session={session} />;
  };
  return (
    <div className={styles.root}>
      <div className={styles.bar}>
        <Button appearance="primary" disabled={session.busy !== null} onClick={() => void session.refresh("Running checks…")}>
          Run checks
        </Button>
        {session.readAt !== null && <Body1>Last read {formatWhen(session.readAt)}.</Body1>}
      </div>
      {/* Always in the page: once an offer is taken (rows taken into a table, the plan upgraded, Progress rows added), the finding and its offer are gone, so the outcome shows here. */}
      <ActionOutcome session={session} place={outcomePlaces} />
      {read?.status === "not-a-plan" && <NotAPlanNote reason={read.reason} />}
      {/* A live region exists before what it announces: empty until the plan has been read. */}
      <Body1 as="p" aria-live="polite">
        {read?.status !== "plan"
          ? ""
          : findings.length === 0
            ? "No problems found"
            : `${plural(counts.error, "error", "errors")}, ${plural(counts.warning, "warning", "warnings")}, ${plural(counts.info, "note", "notes")}.`}
      </Body1>
      {read?.status === "plan" && (
        <>
          {GROUPS.map(({ severity, title }) => {
            const group = findings.filter((f) => f.severity === severity);
            return group.length === 0 ? null : <FindingGroup key={severity} title={title} findings={group} plan={read.plan} onSelect={select} offerFor={offerFor} />;
          })}
        </>
      )}
    </div>
  );
}
