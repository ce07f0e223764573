/** The grant's lines with an allocation box each; a box with invalid text says why, inline. */
import {
  Caption1,
  Field,
  Input,
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

const useStyles = makeStyles({
  table: { tableLayout: "fixed", width: "100%" },
  id: { width: "4.5em" },
  allocation: { width: "9.5em" },
  cell: { paddingTop: tokens.spacingVerticalXS, paddingBottom: tokens.spacingVerticalXS, verticalAlign: "top" },
  input: { width: "100%" },
  activity: { display: "flex", flexDirection: "column", overflowWrap: "anywhere" },
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
          <TableHeaderCell className={styles.id}>ID</TableHeaderCell>
          <TableHeaderCell>Activity</TableHeaderCell>
          <TableHeaderCell className={styles.allocation}>Allocation</TableHeaderCell>
        </TableRow>
      </TableHeader>
      <TableBody>
        {rows.map(({ line, text, input, changed }, i) => {
          const invalid = input !== null && !input.ok;
          return (
            <TableRow key={`${line.id}-${i}`}>
              <TableCell className={styles.cell}>{line.id}</TableCell>
              <TableCell className={styles.cell}>
                <span className={styles.activity}>
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
                  <Input
                    className={styles.input}
                    aria-label={`Allocation for ${line.id}, ${line.activity}`}
                    value={text}
                    inputMode="decimal"
                    onChange={(_, data) => onEdit(line.id, data.value)}
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
