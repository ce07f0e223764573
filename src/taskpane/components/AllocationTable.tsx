/**
 * The grant's lines with an allocation box each; a box with invalid text says why, inline.
 * Two columns, so a 320 px pane leaves the activity room to wrap between words: the line's
 * ID above its activity, then the amount.
 */
import {
  Caption1,
  Caption1Strong,
  Field,
  makeStyles,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import type { DraftRow } from "../drafts";
import { MoneyInput } from "./MoneyInput";

const useStyles = makeStyles({
  table: { tableLayout: "fixed", width: "100%" },
  allocation: { width: "8.5em", textAlign: "end" },
  cell: { paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS, verticalAlign: "top" },
  input: { width: "100%" },
  // Words wrap between words; only a word wider than the whole column is broken.
  line: { display: "flex", flexDirection: "column", overflowWrap: "break-word" },
});

export interface AllocationTableProps {
  caption: string;
  rows: readonly DraftRow[];
  onEdit: (lineId: string, text: string) => void;
}

export function AllocationTable({ caption, rows, onEdit }: AllocationTableProps) {
  const styles = useStyles();
  return (
    <Table aria-label={caption} size="small" className={styles.table}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>Line</TableHeaderCell>
          <TableHeaderCell className={styles.allocation}>Allocation</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(({ line, text, input, changed }, i) => {
          const invalid = input !== null && !input.ok;
          return (
            <TableRow key={`${line.id}-${i}`}>
              <TableCell className={styles.cell}>
                <span className={styles.line}>
                  <Caption1Strong>{line.id}</Caption1Strong>
                  <span>{line.activity || "(no activity)"}</span>
                  <Caption1>
                    {line.theme}
                    {line.isReserve && " · reserve"}
                    {changed && " · changed, not saved"}
                  </Caption1>
                </span>
              </TableCell>
              <TableCell className={styles.cell}>
                <Field validationState={invalid ? "error" : "none"} validationMessage={input !== null && !input.ok ? input.message : undefined}>
                  <MoneyInput
                    className={styles.input}
                    aria-label={`Allocation for ${line.id}, ${line.activity}`}
                    value={text}
                    onValue={(value) => onEdit(line.id, value)}
                  />
                </Field>
              </TableCell>
            </TableRow>
          );
        })}
      </TableBody>
    </Table>
  );
}
