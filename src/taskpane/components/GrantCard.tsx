/** One grant at a glance: award, allocated, what is left (or how far over), and a bar of the two. */
import { Caption1, Card, CardHeader, Field, makeStyles, ProgressBar, Subtitle2, tokens, useId } from "@fluentui/react-components";
import { formatGBP } from "../../plan/money";
import type { GrantSummary } from "../../plan/summary";
import { allocatedShare, financialYearSpan, isOver, unallocatedText } from "../format";

const useStyles = makeStyles({
  figures: {
    display: "grid",
    gridTemplateColumns: "auto 1fr",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
    margin: 0,
  },
  term: { color: tokens.colorNeutralForeground2 },
  amount: { margin: 0, fontVariantNumeric: "tabular-nums", textAlign: "end" },
  over: { color: tokens.colorPaletteRedForeground1, fontWeight: tokens.fontWeightSemibold },
});

export function GrantCard({ grant }: { grant: GrantSummary }) {
  const styles = useStyles();
  const headingId = useId("grant-name-");
  const over = grant.unallocated !== null && isOver(grant.unallocated);
  const share =
    grant.allocated === null
      ? { value: 0, text: "Allocated total not known: an allocation cannot be read (see Checks)" }
      : allocatedShare(grant.allocated, grant.award);
  const span = financialYearSpan(grant.year);
  const title = grant.name || grant.id;
  return (
    <Card role="article" aria-labelledby={headingId}>
      <CardHeader
        header={
          <Subtitle2 as="h2" id={headingId}>
            {title}
          </Subtitle2>
        }
        description={
          <Caption1>
            {grant.funder || "Funder not given"} · {grant.year || "year not given"}
            {span !== null && ` (${span})`}
          </Caption1>
        }
      />
      <dl className={styles.figures}>
        <dt className={styles.term}>Award</dt>
        <dd className={styles.amount}>{grant.award === null ? "not an amount" : formatGBP(grant.award)}</dd>
        <dt className={styles.term}>Allocated</dt>
        <dd className={styles.amount}>{grant.allocated === null ? "not known" : formatGBP(grant.allocated)}</dd>
        <dt className={styles.term}>Unallocated</dt>
        <dd className={over ? `${styles.amount} ${styles.over}` : styles.amount}>
          {grant.unallocated === null ? "not known" : unallocatedText(grant.unallocated)}
        </dd>
      </dl>
      <Field label={share.text} validationState={over ? "error" : "none"}>
        <ProgressBar value={share.value} max={1} color={over ? "error" : "brand"} thickness="large" aria-valuetext={share.text} />
      </Field>
    </Card>
  );
}
