/**
 * The error message bar: what went wrong and exactly what was and was not written to the
 * workbook, so the person knows where the plan stands.
 */
import { Button, MessageBar, MessageBarActions, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import type { Problem } from "../session";
import { cellReference } from "../format";
import { ChangeList } from "./ChangeList";

function ProblemDetails({ problem }: { problem: Problem }) {
  switch (problem.kind) {
    case "refused": {
      const sheets = [...new Set(problem.findings.filter((f) => f.code === "SHEET_IN_THE_WAY").map((f) => f.sheet))];
      return (
        <>
          <p>Nothing was written.</p>
          {sheets.length > 0 && <p>Sheets in the way: {sheets.join(", ")}.</p>}
          <ul aria-label="Reasons">
            {problem.findings.map((f, i) => (
              <li key={i}>
                {cellReference(f.sheet, f.cell)}: {f.message}
              </li>
            ))}
          </ul>
        </>
      );
    }
    case "not-possible":
      return <p>{problem.reason}</p>;
    case "apply-failed":
      return (
        <>
          <p>{problem.message}</p>
          <ChangeList title="Written" items={problem.written} empty="Nothing was written." />
          <ChangeList title="Not written" items={problem.notWritten} empty="Every change was written." />
        </>
      );
    case "apply-threw":
      return (
        <>
          <p>{problem.message}</p>
          <p>Excel did not say which of these changes were written; the pane has read the workbook again, so check it shows what you expect.</p>
          <ChangeList title="Attempted" items={problem.attempted} empty="No changes." />
        </>
      );
    case "host-error":
      return <p>{problem.message}</p>;
  }
}

const TITLES: Record<Problem["kind"], string> = {
  refused: "not done",
  "not-possible": "not done",
  "apply-failed": "only partly written",
  "apply-threw": "may be partly written",
  "host-error": "failed",
};

export function ProblemBar({ problem, onDismiss }: { problem: Problem; onDismiss: () => void }) {
  return (
    <MessageBar intent="error" layout="multiline">
      <MessageBarBody>
        <MessageBarTitle>
          {problem.action}: {TITLES[problem.kind]}
        </MessageBarTitle>
        <ProblemDetails problem={problem} />
      </MessageBarBody>
      <MessageBarActions>
        <Button onClick={onDismiss}>Dismiss</Button>
      </MessageBarActions>
    </MessageBar>
  );
}
