/** The Plan tab: set a plan up, or see every grant's totals. */
import { Body1, makeStyles, tokens } from "@fluentui/react-components";
import { summarise } from "../../plan/summary";
import { setupAction } from "../planActions";
import type { PlanSession } from "../session";
import { GrantCard } from "./GrantCard";
import { SetupOffer } from "./SetupOffer";

const useStyles = makeStyles({
  cards: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalM },
});

export function PlanView({ session }: { session: PlanSession }) {
  const styles = useStyles();
  const { read } = session;
  if (read === null) return null;
  if (read.status === "not-a-plan") {
    return <SetupOffer reason={read.reason} disabled={session.busy !== null} onSetup={(t) => void session.run(setupAction(t))} />;
  }
  const grants = summarise(read.plan);
  if (grants.length === 0) {
    return <Body1 as="p">This plan has no grants yet: add each award as a row of the table on the Grants sheet.</Body1>;
  }
  return (
    <div className={styles.cards}>
      {grants.map((g, i) => (
        <GrantCard key={`${g.id}-${i}`} grant={g} />
      ))}
    </div>
  );
}
