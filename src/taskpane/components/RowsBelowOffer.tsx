/** Under a ROWS_BELOW_TABLE finding: what taking the rows into the table would do, and the button that does it. */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import type { RowsBelow } from "../rowsBelow";
import { takeRowsAction } from "../rowsBelow";
import type { PlanSession } from "../session";
import { ActionOutcome } from "./ActionOutcome";
import { ChangeList } from "./ChangeList";

const useStyles = makeStyles({
  root: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalXS,
    padding: `${tokens.spacingVerticalXS} ${tokens.spacingHorizontalM}`,
    "& p": { margin: 0 },
  },
  actions: { display: "flex" },
});

export function RowsBelowOffer({ offer, session, id }: { offer: RowsBelow; session: PlanSession; id: string }) {
  const styles = useStyles();
  return (
    <div className={styles.root} role="group" aria-label={`Rows under table ${offer.tableName}`}>
      {offer.refusal === null ? (
        <>
          <Body1 as="p" id={id}>
            {offer.summary}
          </Body1>
          <ChangeList title="What will be written" items={offer.steps} empty="Nothing needs writing." />
          <div className={styles.actions}>
            <Button aria-describedby={id} disabled={session.busy !== null} onClick={() => void session.run(takeRowsAction(offer.table, offer.firstRow))}>
              Take these rows into the table
            </Button>
          </div>
        </>
      ) : (
        <Body1 as="p">{offer.refusal}</Body1>
      )}
      <ActionOutcome session={session} place="rows-below" />
    </div>
  );
}
