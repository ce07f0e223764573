/** The Plan tab: set a plan up, or see every grant's totals. */
import { Body1, makeStyles, tokens } from "@fluentui/react-components";
import type { ReactNode } from "react";
import { summarise } from "../../plan/summary";
import { SetupOffer } from "../parts";
import type { PlanSession } from "../session";
import { ActionOutcome } from "./ActionOutcome";
import { GrantCard } from "./GrantCard";

const useStyles = makeStyles({
  cards: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
});

export function PlanView({ session }: { session: PlanSession }) {
  const styles = useStyles();
  const { read } = session;
  if (read === null) return null;
  // Set-up's outcome is above its buttons, and then above what the set-up made.
  const outcome = <ActionOutcome session={session} place="setup" />;
  // The outcome keeps its place in the page when set-up turns the offer into the plan's
  // cards: moved, it would be a new live region, and a region mounted holding its message is not announced.
  let content: ReactNode;
  if (read.status === "not-a-plan") {
    content = <SetupOffer.Part reason={read.reason} session={session} />;
  } else {
    const grants = summarise(read.plan);
    content =
      grants.length === 0 ? (
        <Body1 as="p">This plan has no grants yet: add each award as a row of the table on the Grants sheet.</Body1>
      ) : (
        grants.map((g, i) => <GrantCard key={`${g.id}-${i}`} grant={g} />)
      );
  }
  return (
    <div className={styles.cards}>
      {outcome}
      {content}
    </div>
  );
}
