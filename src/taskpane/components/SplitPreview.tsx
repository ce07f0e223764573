/** Each chosen line's share of a split, in pounds and pence, with their exact sum. */
import { Table, TableBody, TableCell, TableHeader, TableHeaderCell, TableRow } from "@fluentui/react-components";
import type { SplitShare } from "../../plan/actions";
import { formatGBP, type Money } from "../../plan/money";

export function SplitPreview({ shares, shareSum }: { shares: readonly SplitShare[]; shareSum: Money }) {
  return (
    <Table aria-label="Split preview" size="small">
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Line</TableHeaderCell>
          <TableHeaderCell>Share</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {shares.map((s) => (
          <TableRow key={s.lineId}>
            <TableCell>{s.lineId}</TableCell>
            <TableCell>{formatGBP(s.amount)}</TableCell>
          </TableRow>
        ))}
        <TableRow>
          <TableCell>
            <strong>Total</strong>
          </TableCell>
          <TableCell>
            <strong>{formatGBP(shareSum)}</strong>
          </TableCell>
        </TableRow>
      </TableBody>
    </Table>
  );
}
