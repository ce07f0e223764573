/**
 * What a split does before it is written: each chosen line's allocation now and after the
 * split, the shares' exact sum, and what the grant then has left unallocated.
 */
import { Body1Strong, makeStyles, Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow, tokens } from "@fluentui/react-components";
import { formatGBP, type Money } from "../../plan/money";
import { isOver, unallocatedText } from "../format";
import type { SplitEffect } from "../split";

const useStyles = makeStyles({
  table: { tableLayout: "fixed", width: "100%" },
  line: { width: "5em" },
  amount: { textAlign: "end", fontVariantNumeric: "tabular-nums" },
  over: { color: tokens.colorPaletteRedForeground1 },
});

export function SplitPreview({ effect, shareSum, caption = "Split preview" }: { effect: SplitEffect; shareSum: Money; caption?: string }) {
  const styles = useStyles();
  const left = effect.unallocatedAfter;
  return (
    <>
      <Table aria-label={caption} size="small" className={styles.table}>
        <TableHeader>
          <TableRow>
            <TableHeaderCell className={styles.line}>Line</TableHeaderCell>
            <TableHeaderCell className={styles.amount}>Now</TableHeaderCell>
            <TableHeaderCell className={styles.amount}>After</TableHeaderCell>
          </TableRow>
        </TableHeader>
        <TableBody>
          {effect.rows.map((r) => (
            <TableRow key={r.lineId} aria-label={`${r.lineId}: ${r.before === null ? "blank" : formatGBP(r.before)} → ${formatGBP(r.after)}`}>
              <TableCell>{r.lineId}</TableCell>
              <TableCell className={styles.amount}>{r.before === null ? "blank" : formatGBP(r.before)}</TableCell>
              <TableCell className={styles.amount}>{formatGBP(r.after)}</TableCell>
            </TableRow>
          ))}
          <TableRow>
            <TableCell>
              <strong>Total</strong>
            </TableCell>
            <TableCell />
            <TableCell className={styles.amount}>
              <strong>{formatGBP(shareSum)}</strong>
            </TableCell>
          </TableRow>
        </TableBody>
      </Table>
      <p>
        <Body1Strong className={left !== null && isOver(left) ? styles.over : undefined}>
          {left === null ? "The award is not an amount, so what is left cannot be worked out." : `Unallocated after the split: ${unallocatedText(left)}`}
        </Body1Strong>
      </p>
    </>
  );
}
