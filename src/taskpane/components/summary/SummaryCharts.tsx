/**
 * The board summary's three pictures in the pane (docs/charts.md): allocation by theme,
 * spend against allocation per line, measures against target to date. Each is a figure:
 * its caption (title, and what it leaves out), the picture with a one-sentence summary for
 * screen readers, a legend, and a "Show figures" button that opens the picture's figures
 * as a table, the same figures as the core's `chartRows`, in en-GB pounds and percentages.
 *
 * Loaded with the Summary view, never with the pane's first scripts.
 */
import {
  Button,
  Caption1,
  makeStyles,
  Subtitle2,
  Table,
  TableBody,
  TableCell,
  TableHeader,
  TableHeaderCell,
  TableRow,
  tokens,
} from "@fluentui/react-components";
import { useId, useState } from "react";
import type { SummaryChart } from "../../../plan/boardpack/charts";
import { BarsDrawing, ColumnsDrawing, PieDrawing, seriesClass, useDrawingStyles, useSliceClass } from "./ChartDrawings";
import { chartSummary, chartTextRows } from "./ChartText";

const useStyles = makeStyles({
  charts: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXL, minWidth: 0 },
  figure: { margin: 0, display: "flex", flexDirection: "column", gap: tokens.spacingVerticalS, minWidth: 0 },
  caption: { display: "flex", flexDirection: "column", gap: tokens.spacingVerticalXXS },
  note: { color: tokens.colorNeutralForeground2 },
  legend: {
    listStyleType: "none",
    margin: 0,
    padding: 0,
    display: "flex",
    flexWrap: "wrap",
    columnGap: tokens.spacingHorizontalM,
    rowGap: tokens.spacingVerticalXXS,
  },
  legendItem: { display: "flex", alignItems: "center", gap: tokens.spacingHorizontalXS, minWidth: 0, overflowWrap: "anywhere" },
  swatch: { flexShrink: 0, width: "12px", height: "12px", forcedColorAdjust: "none" },
  toggle: { alignSelf: "flex-start" },
  tableBox: { overflowX: "auto" },
  table: { width: "100%" },
  figureCell: { textAlign: "end", fontVariantNumeric: "tabular-nums", whiteSpace: "nowrap" },
  figureHead: { textAlign: "end", "& > *": { justifyContent: "flex-end" } },
  nameCell: { overflowWrap: "anywhere" },
});

/** A legend's coloured square: SVG, so that it keeps its colour where backgrounds are not painted (high contrast). */
function Swatch({ className }: { className: string }) {
  const styles = useStyles();
  return (
    <svg className={styles.swatch} viewBox="0 0 12 12" aria-hidden="true" focusable="false">
      <rect width="12" height="12" className={className} />
    </svg>
  );
}

function Legend({ chart }: { chart: SummaryChart }) {
  const styles = useStyles();
  const drawing = useDrawingStyles();
  const slice = useSliceClass();
  const items =
    chart.kind === "pie"
      ? chart.categories.map((name, i) => ({ name, className: slice(i), mark: `${i + 1}` }))
      : chart.series.map((s, i) => ({ name: s.name, className: seriesClass(drawing, i), mark: null }));
  return (
    <ul className={styles.legend} aria-label={`Legend: ${chart.title}`}>
      {items.map((item, i) => (
        <li key={i} className={styles.legendItem}>
          <Swatch className={item.className} />
          {item.mark === null ? null : (
            <span aria-hidden="true" className={drawing.mark}>
              {item.mark}
            </span>
          )}
          <Caption1>{item.name}</Caption1>
        </li>
      ))}
      {chart.valueKind === "percent" && chart.kind !== "pie" ? (
        <li className={styles.legendItem}>
          <svg className={styles.swatch} viewBox="0 0 12 12" aria-hidden="true" focusable="false">
            <line x1="0" x2="12" y1="6" y2="6" className={drawing.target} />
          </svg>
          <Caption1>Target to date (100%)</Caption1>
        </li>
      ) : null}
    </ul>
  );
}

function Drawing({ chart }: { chart: SummaryChart }) {
  const label = chartSummary(chart);
  if (chart.kind === "pie") return <PieDrawing chart={chart} label={label} />;
  if (chart.kind === "columnClustered") return <ColumnsDrawing chart={chart} label={label} />;
  return <BarsDrawing chart={chart} label={label} />;
}

function FiguresTable({ chart, id }: { chart: SummaryChart; id: string }) {
  const styles = useStyles();
  return (
    <Table id={id} size="small" className={styles.table} aria-label={`Figures: ${chart.title}`}>
      <TableHeader>
        <TableRow>
          <TableHeaderCell>{chart.categoryName}</TableHeaderCell>
          {chart.series.map((s) => (
            <TableHeaderCell key={s.name} className={styles.figureHead}>
              {s.name}
            </TableHeaderCell>
          ))}
        </TableRow>
      </TableHeader>
      <TableBody>
        {chartTextRows(chart).map(([category, ...figures], r) => (
          <TableRow key={r}>
            <TableCell className={styles.nameCell}>{category}</TableCell>
            {figures.map((f, c) => (
              <TableCell key={c} className={styles.figureCell}>
                {f}
              </TableCell>
            ))}
          </TableRow>
        ))}
      </TableBody>
    </Table>
  );
}

function ChartFigure({ chart }: { chart: SummaryChart }) {
  const styles = useStyles();
  const [open, setOpen] = useState(false);
  const tableId = useId();
  const captionId = useId();
  return (
    <figure className={styles.figure} aria-labelledby={captionId}>
      <figcaption id={captionId} className={styles.caption}>
        <Subtitle2>{chart.title}</Subtitle2>
        {chart.note === null ? null : <Caption1 className={styles.note}>{chart.note}</Caption1>}
      </figcaption>
      <Drawing chart={chart} />
      <Legend chart={chart} />
      <Button
        className={styles.toggle}
        size="small"
        appearance="secondary"
        aria-expanded={open}
        aria-controls={tableId}
        aria-label={`${open ? "Hide figures" : "Show figures"}: ${chart.title}`}
        onClick={() => setOpen((was) => !was)}
      >
        {open ? "Hide figures" : "Show figures"}
      </Button>
      <div id={tableId} className={styles.tableBox} hidden={!open}>
        {open ? <FiguresTable chart={chart} id={`${tableId}-table`} /> : null}
      </div>
    </figure>
  );
}

export function SummaryCharts({ charts }: { charts: readonly SummaryChart[] }) {
  const styles = useStyles();
  return (
    <div className={styles.charts}>
      {charts.map((chart) => (
        <ChartFigure key={chart.id} chart={chart} />
      ))}
    </div>
  );
}
