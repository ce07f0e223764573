/**
 * Under a PLAN_OLDER_VERSION finding: what upgrading the plan would do, and the button that
 * asks first and then does it. The question stays in the page, next to the button, so the
 * person reads what will happen before anything is written.
 */
import { Body1, Button, makeStyles, tokens } from "@fluentui/react-components";
import { useEffect, useRef, useState } from "react";
import type { PlanSession } from "../session";
import { type UpgradeOffer as Offer, upgradeAction } from "../upgrade";
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
  actions: { display: "flex", flexWrap: "wrap", gap: tokens.spacingHorizontalS },
});

export function UpgradeOffer({ offer, session, id }: { offer: Offer; session: PlanSession; id: string }) {
  const styles = useStyles();
  const [asking, setAsking] = useState(false);
  const confirm = useRef<HTMLButtonElement>(null);
  const start = useRef<HTMLButtonElement>(null);
  const wasAsking = useRef(false);
  // Focus follows the question: onto its answer when it appears, back to the button when it is answered "no".
  useEffect(() => {
    if (asking) confirm.current?.focus();
    else if (wasAsking.current) start.current?.focus();
    wasAsking.current = asking;
  }, [asking]);
  const busy = session.busy !== null;
  return (
    <div className={styles.root} role="group" aria-label="Upgrading the plan">
      {offer.refusal === null ? (
        <>
          <Body1 as="p" id={id}>
            {offer.summary}
          </Body1>
          <ChangeList title="What will be written" items={offer.steps} empty="Nothing needs writing." />
          {asking ? (
            <div role="group" aria-labelledby={`${id}-question`}>
              <Body1 as="p" id={`${id}-question`}>
                Upgrade the plan now? Nothing you typed changes.
              </Body1>
              <div className={styles.actions}>
                <Button
                  ref={confirm}
                  appearance="primary"
                  aria-describedby={id}
                  disabled={busy}
                  onClick={() => {
                    wasAsking.current = false;
                    setAsking(false);
                    void session.run(upgradeAction());
                  }}
                >
                  Upgrade now
                </Button>
                <Button disabled={busy} onClick={() => setAsking(false)}>
                  Cancel
                </Button>
              </div>
            </div>
          ) : (
            <div className={styles.actions}>
              <Button ref={start} aria-describedby={id} disabled={busy} onClick={() => setAsking(true)}>
                Upgrade the plan
              </Button>
            </div>
          )}
        </>
      ) : (
        <Body1 as="p">{offer.refusal}</Body1>
      )}
      <ActionOutcome session={session} place="upgrade" />
    </div>
  );
}
