/**
 * The summary's pictures, drawn as SVG: a pie for allocation by theme, clustered bars for
 * spend against allocation per line, columns for measures against target to date. Each is
 * one image to assistive technology (role "img" and a one-sentence label); the figures
 * themselves are in the table under it. Drawings scale with the pane (a viewBox, no fixed
 * width), colours are Fluent tokens, and under Windows high contrast they switch to the
 * system's own colours: fills and outlines that stay apart on any high-contrast theme.
 */
import { makeStyles, mergeClasses, tokens } from "@fluentui/react-components";
import type { SummaryChart } from "../../../plan/boardpack/charts";
import { fitLabel, linearScale, pieSlices } from "./ChartGeometry";
import { chartValueText } from "./ChartText";

const HIGH_CONTRAST = "@media (forced-colors: active)";

/** Colours of pie slices, in order: strong palette colours that stay apart from their neighbours. */
const SLICE_COLOURS = [
  tokens.colorPaletteRoyalBlueBorderActive,
  tokens.colorPaletteDarkOrangeBorderActive,
  tokens.colorPaletteTealBorderActive,
  tokens.colorPaletteBerryBorderActive,
  tokens.colorPaletteMarigoldBorderActive,
  tokens.colorPaletteForestBorderActive,
  tokens.colorPaletteGrapeBorderActive,
  tokens.colorPaletteCranberryBorderActive,
  tokens.colorPaletteSteelBorderActive,
  tokens.colorPaletteBrownBorderActive,
  tokens.colorPaletteCornflowerBorderActive,
  tokens.colorPalettePumpkinBorderActive,
  tokens.colorPaletteSeafoamBorderActive,
  tokens.colorPalettePlumBorderActive,
  tokens.colorPaletteAnchorBorderActive,
] as const;

const useSliceStyles = makeStyles(
  Object.fromEntries(
    SLICE_COLOURS.map((colour, i) => [
      `s${i}`,
      { fill: colour, stroke: tokens.colorNeutralBackground1, strokeWidth: "1px", [HIGH_CONTRAST]: { fill: "Canvas", stroke: "CanvasText" } },
    ]),
  ),
);

export const useDrawingStyles = makeStyles({
  svg: { display: "block", width: "100%", height: "auto", overflow: "visible", forcedColorAdjust: "none" },
  pie: { maxWidth: "200px", marginInline: "auto" },
  text: { fill: tokens.colorNeutralForeground1, fontFamily: tokens.fontFamilyBase, [HIGH_CONTRAST]: { fill: "CanvasText" } },
  muted: { fill: tokens.colorNeutralForeground2, fontFamily: tokens.fontFamilyBase, [HIGH_CONTRAST]: { fill: "CanvasText" } },
  axis: { stroke: tokens.colorNeutralStroke1, strokeWidth: "1px", [HIGH_CONTRAST]: { stroke: "CanvasText" } },
  grid: { stroke: tokens.colorNeutralStroke2, strokeWidth: "0.5px", [HIGH_CONTRAST]: { stroke: "GrayText" } },
  target: { stroke: tokens.colorNeutralForeground2, strokeWidth: "1.5px", strokeDasharray: "4 3", [HIGH_CONTRAST]: { stroke: "CanvasText" } },
  /** Slice numbers: only under high contrast, where slices and legend are no longer told apart by colour. */
  mark: { display: "none", fontFamily: tokens.fontFamilyBase, [HIGH_CONTRAST]: { display: "inline", fill: "CanvasText" } },
  empty: { fill: "none", stroke: tokens.colorNeutralStroke1, strokeDasharray: "4 3", [HIGH_CONTRAST]: { stroke: "CanvasText" } },
  series0: { fill: tokens.colorBrandBackground, [HIGH_CONTRAST]: { fill: "Highlight" } },
  series1: { fill: tokens.colorPaletteDarkOrangeBorderActive, [HIGH_CONTRAST]: { fill: "CanvasText" } },
});

/** The class that colours slice `index` of a pie. */
export function useSliceClass(): (index: number) => string {
  const slices = useSliceStyles();
  return (index) => slices[`s${index % SLICE_COLOURS.length}`] ?? "";
}

/** The class that colours series `index` of bars or columns. */
export function seriesClass(styles: ReturnType<typeof useDrawingStyles>, index: number): string {
  return index % 2 === 0 ? styles.series0 : styles.series1;
}

interface DrawingProps {
  readonly chart: SummaryChart;
  /** The one sentence that stands for the picture. */
  readonly label: string;
}

const PIE = { size: 200, r: 92 } as const;

export function PieDrawing({ chart, label }: DrawingProps) {
  const styles = useDrawingStyles();
  const slice = useSliceClass();
  const c = PIE.size / 2;
  const slices = pieSlices(chart.series[0]?.values ?? [], c, c, PIE.r);
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${PIE.size} ${PIE.size}`} className={mergeClasses(styles.svg, styles.pie)} data-chart={chart.id}>
      {slices.length === 0 ? <circle cx={c} cy={c} r={PIE.r} className={styles.empty} data-empty="true" /> : null}
      {slices.map((s) => {
        const name = chart.categories[s.index] ?? "";
        const title = <title>{`${name}: ${chartValueText(chart, chart.series[0]?.values[s.index] ?? null)}`}</title>;
        const mark = (
          <text key={`m${s.index}`} x={s.mark.x} y={s.mark.y + 4} fontSize={11} textAnchor="middle" className={styles.mark}>
            {s.index + 1}
          </text>
        );
        const shape = s.whole ? (
          <circle key={s.index} cx={c} cy={c} r={PIE.r} className={slice(s.index)} data-category={name} data-share={s.share}>
            {title}
          </circle>
        ) : (
          <path key={s.index} d={s.path} className={slice(s.index)} data-category={name} data-share={s.share}>
            {title}
          </path>
        );
        // Slices too thin to hold a number go without: the legend and the table still name them.
        return (
          <g key={s.index}>
            {shape}
            {s.share >= 0.03 ? mark : null}
          </g>
        );
      })}
    </svg>
  );
}

const BARS = { width: 320, label: 14, bar: 9, gap: 2, after: 8, axis: 24, font: 11 } as const;

/** Horizontal clustered bars, one group per category: its name above its bars, one bar per series. */
export function BarsDrawing({ chart, label }: DrawingProps) {
  const styles = useDrawingStyles();
  const series = chart.series;
  const values = series.flatMap((s) => s.values);
  const scale = linearScale(values, 2, BARS.width - 2);
  const zero = scale.at(0);
  const row = BARS.label + series.length * (BARS.bar + BARS.gap) + BARS.after;
  const plot = chart.categories.length * row;
  const height = plot + BARS.axis;
  const ticks = [scale.min, ...(scale.min < 0 && scale.max > 0 ? [0] : [(scale.min + scale.max) / 2]), scale.max];
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${BARS.width} ${height}`} className={styles.svg} data-chart={chart.id}>
      {ticks.map((t, i) => (
        <line key={`g${i}`} x1={scale.at(t)} x2={scale.at(t)} y1={0} y2={plot} className={styles.grid} />
      ))}
      {chart.categories.map((category, c) => {
        const top = c * row;
        return (
          <g key={c}>
            <text x={0} y={top + BARS.label - 3} fontSize={BARS.font} className={styles.text}>
              {fitLabel(category, 48)}
            </text>
            {series.map((s, k) => {
              const value = s.values[c] ?? null;
              if (value === null || !Number.isFinite(value)) return null;
              const end = scale.at(value);
              return (
                <rect
                  key={k}
                  x={Math.min(zero, end)}
                  y={top + BARS.label + k * (BARS.bar + BARS.gap)}
                  width={Math.abs(end - zero)}
                  height={BARS.bar}
                  className={seriesClass(styles, k)}
                  data-category={category}
                  data-series={s.name}
                  data-value={value}
                >
                  <title>{`${category}, ${s.name}: ${chartValueText(chart, value)}`}</title>
                </rect>
              );
            })}
          </g>
        );
      })}
      <line x1={zero} x2={zero} y1={0} y2={plot} className={styles.axis} />
      {ticks.map((t, i) => (
        <text
          key={`t${i}`}
          x={scale.at(t)}
          y={plot + 14}
          fontSize={10}
          textAnchor={i === 0 ? "start" : i === ticks.length - 1 ? "end" : "middle"}
          className={styles.muted}
        >
          {chartValueText(chart, t)}
        </text>
      ))}
    </svg>
  );
}

const COLUMNS = { width: 320, left: 40, right: 4, top: 8, plot: 150, labels: 64, font: 10 } as const;

/** Columns, one per category, from zero; percentages of target get a dashed line at 100% (on target). */
export function ColumnsDrawing({ chart, label }: DrawingProps) {
  const styles = useDrawingStyles();
  const s = chart.series[0];
  const values = s?.values ?? [];
  const percent = chart.valueKind === "percent";
  const bottom = COLUMNS.top + COLUMNS.plot;
  const scale = linearScale(values, bottom, COLUMNS.top, percent ? 100 : 0);
  const zero = scale.at(0);
  const left = COLUMNS.left;
  const band = (COLUMNS.width - left - COLUMNS.right) / Math.max(1, chart.categories.length);
  const ticks = [scale.min, ...(scale.min < 0 && scale.max > 0 ? [0] : [(scale.min + scale.max) / 2]), scale.max];
  const height = bottom + COLUMNS.labels;
  return (
    <svg role="img" aria-label={label} viewBox={`0 0 ${COLUMNS.width} ${height}`} className={styles.svg} data-chart={chart.id}>
      {ticks.map((t, i) => (
        <g key={`t${i}`}>
          <line x1={left} x2={COLUMNS.width - COLUMNS.right} y1={scale.at(t)} y2={scale.at(t)} className={styles.grid} />
          <text x={left - 4} y={scale.at(t) + 3} fontSize={COLUMNS.font} textAnchor="end" className={styles.muted}>
            {percent ? `${Number(t.toFixed(1)).toLocaleString("en-GB")}%` : chartValueText(chart, t)}
          </text>
        </g>
      ))}
      {chart.categories.map((category, c) => {
        const value = values[c] ?? null;
        const centre = left + band * c + band / 2;
        const end = value === null || !Number.isFinite(value) ? null : scale.at(value);
        return (
          <g key={c}>
            {end === null || s === undefined ? null : (
              <rect
                x={centre - band * 0.3}
                y={Math.min(zero, end)}
                width={band * 0.6}
                height={Math.abs(zero - end)}
                className={seriesClass(styles, 0)}
                data-category={category}
                data-series={s.name}
                data-value={value}
              >
                <title>{`${category}: ${chartValueText(chart, value)}`}</title>
              </rect>
            )}
            <text
              x={centre}
              y={bottom + 10}
              fontSize={COLUMNS.font}
              textAnchor="end"
              transform={`rotate(-45 ${centre} ${bottom + 10})`}
              className={styles.text}
            >
              {fitLabel(category, 12)}
            </text>
          </g>
        );
      })}
      <line x1={left} x2={COLUMNS.width - COLUMNS.right} y1={zero} y2={zero} className={styles.axis} />
      {percent ? <line x1={left} x2={COLUMNS.width - COLUMNS.right} y1={scale.at(100)} y2={scale.at(100)} className={styles.target} data-target="100" /> : null}
    </svg>
  );
}
