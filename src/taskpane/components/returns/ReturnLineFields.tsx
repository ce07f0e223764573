/**
 * One line's return for the quarter, and its measures': what the line has to date, then
 * the boxes to fill in, each with its own inline message.
 */
import { Caption1, Field, Input, makeStyles, Select, Subtitle2, Textarea, tokens } from "@fluentui/react-components";
import type { LineEntry, LineRow, MeasureEntry, MeasureRow, StatusChoice } from "../../returnsDraft";
import { formatFigure, moneyText, statusText } from "../../returnsProgress";
import { MoneyInput } from "../MoneyInput";

const useStyles = makeStyles({
  group: {
    display: "flex",
    flexDirection: "column",
    rowGap: tokens.spacingVerticalS,
    margin: 0,
    padding: `${tokens.spacingVerticalS} ${tokens.spacingHorizontalS}`,
    border: `${tokens.strokeWidthThin} solid ${tokens.colorNeutralStroke2}`,
    borderRadius: tokens.borderRadiusMedium,
    minWidth: 0,
    overflowWrap: "break-word",
  },
  legend: { padding: `0 ${tokens.spacingHorizontalXS}`, maxWidth: "100%" },
  caption: { color: tokens.colorNeutralForeground2, margin: 0 },
  measures: { display: "flex", flexDirection: "column", rowGap: tokens.spacingVerticalS },
  input: { width: "100%" },
});

function StatusSelect({ choices, value, onChange, optional }: { choices: readonly StatusChoice[]; value: string; onChange: (v: string) => void; optional: boolean }) {
  // A status the key does not hold (typed in the workbook) stays choosable, so showing it changes nothing.
  const known = value.trim() === "" || choices.some((c) => c.status.toLowerCase() === value.trim().toLowerCase() || c.meaning.toLowerCase() === value.trim().toLowerCase());
  const selected = choices.find((c) => c.status.toLowerCase() === value.trim().toLowerCase() || c.meaning.toLowerCase() === value.trim().toLowerCase())?.status ?? value;
  return (
    <Select value={selected} onChange={(_, data) => onChange(data.value)}>
      <option value="">{optional ? "None (suggested from the figures)" : "Choose a status"}</option>
      {choices.map((c) => (
        <option key={c.status} value={c.status}>
          {statusText(choices, c.status)}
        </option>
      ))}
      {!known && <option value={value}>{value}</option>}
    </Select>
  );
}

function MeasureFields({ row, choices, onEdit }: { row: MeasureRow; choices: readonly StatusChoice[]; onEdit: (entry: MeasureEntry) => void }) {
  const styles = useStyles();
  const { measure, progress, entry, errors } = row;
  const set = (patch: Partial<MeasureEntry>) => onEdit({ ...entry, ...patch });
  const figures: string[] = [];
  if (progress !== null) {
    if (progress.targetToDate !== null) figures.push(`target to date ${formatFigure(progress.targetToDate)}`);
    if (progress.target !== null) figures.push(`full year ${formatFigure(progress.target)}`);
    if (progress.actualToDate !== null) figures.push(`actual to date ${formatFigure(progress.actualToDate)}`);
  }
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>
        <strong>{measure.id}</strong> {measure.description}
      </legend>
      {figures.length > 0 && <Caption1 block as="p" className={styles.caption}>{`${figures.join("; ")}${measure.unit ? ` (${measure.unit})` : ""}.`}</Caption1>}
      {row.existing !== null && <Caption1 block as="p" className={styles.caption}>Already returned for this quarter: changes replace it.</Caption1>}
      {row.numeric && (
        <Field label="Value in quarter" validationState={errors.value === undefined ? "none" : "error"} validationMessage={errors.value}>
          <Input className={styles.input} inputMode="decimal" value={entry.value} onChange={(_, d) => set({ value: d.value })} />
        </Field>
      )}
      <Field label="Status" validationState={errors.status === undefined ? "none" : "error"} validationMessage={errors.status}>
        <StatusSelect choices={choices} value={entry.status} optional={row.numeric} onChange={(status) => set({ status })} />
      </Field>
      <Field label="Comment">
        <Textarea resize="vertical" value={entry.comment} onChange={(_, d) => set({ comment: d.value })} />
      </Field>
    </fieldset>
  );
}

export interface ReturnLineFieldsProps {
  row: LineRow;
  choices: readonly StatusChoice[];
  onLine: (key: string, entry: LineEntry) => void;
  onMeasure: (key: string, entry: MeasureEntry) => void;
}

export function ReturnLineFields({ row, choices, onLine, onMeasure }: ReturnLineFieldsProps) {
  const styles = useStyles();
  const { line, progress, entry, errors } = row;
  const set = (patch: Partial<LineEntry>) => onLine(row.key, { ...entry, ...patch });
  return (
    <fieldset className={styles.group}>
      <legend className={styles.legend}>
        <Subtitle2>
          {line.id} {line.activity}
        </Subtitle2>
      </legend>
      <Caption1 block as="p" className={styles.caption}>
        Allocation {moneyText(line.allocation)}; profile this quarter {moneyText(row.profile)}; spend to date {moneyText(progress?.spendToDate ?? null)}.
      </Caption1>
      {row.existing !== null && <Caption1 block as="p" className={styles.caption}>Already returned for this quarter: changes replace it.</Caption1>}
      <Field label="Spend in quarter" validationState={errors.spend === undefined ? "none" : "error"} validationMessage={errors.spend}>
        <MoneyInput className={styles.input} value={entry.spend} onValue={(spend) => set({ spend })} />
      </Field>
      <Field label="Status" validationState={errors.status === undefined ? "none" : "error"} validationMessage={errors.status}>
        <StatusSelect choices={choices} value={entry.status} optional={false} onChange={(status) => set({ status })} />
      </Field>
      <Field label="Commentary" validationState={row.commentaryWarning === undefined ? "none" : "warning"} validationMessage={row.commentaryWarning}>
        <Textarea resize="vertical" value={entry.commentary} onChange={(_, d) => set({ commentary: d.value })} />
      </Field>
      <Field label="Risks and issues">
        <Textarea resize="vertical" value={entry.risks} onChange={(_, d) => set({ risks: d.value })} />
      </Field>
      {row.measures.length > 0 && (
        <div className={styles.measures}>
          {row.measures.map((m) => (
            <MeasureFields key={m.key} row={m} choices={choices} onEdit={(e) => onMeasure(m.key, e)} />
          ))}
        </div>
      )}
    </fieldset>
  );
}
