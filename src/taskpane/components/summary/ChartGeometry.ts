/**
 * Shapes of the pane's summary charts, worked out without React: pie slices as SVG paths,
 * the scale of bars and columns, and labels cut to fit. Coordinates are in the drawing's
 * own units (its viewBox), so the picture scales with the pane.
 */

/** Where a slice's number goes (drawn under high contrast, where colours are gone). */
export interface Point {
  readonly x: number;
  readonly y: number;
}

export type PieSlice =
  /** The one slice that is the whole pie. */
  | { readonly index: number; readonly share: number; readonly whole: true; readonly mark: Point }
  | { readonly index: number; readonly share: number; readonly whole: false; readonly path: string; readonly mark: Point };

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/**
 * The slices of a pie of centre (cx, cy) and radius r, clockwise from twelve o'clock, in
 * the order of the values. Only positive figures are drawn (a pie cannot show a negative or
 * unknown one); with none, there is no slice at all, so no path ever divides by zero.
 */
export function pieSlices(values: readonly (number | null)[], cx: number, cy: number, r: number): PieSlice[] {
  const drawn = values.map((value, index) => ({ value: value ?? 0, index })).filter((v) => Number.isFinite(v.value) && v.value > 0);
  const total = drawn.reduce((t, v) => t + v.value, 0);
  if (drawn.length === 0 || !(total > 0)) return [];
  const [only] = drawn;
  if (drawn.length === 1 && only !== undefined) return [{ index: only.index, share: 1, whole: true, mark: { x: round(cx), y: round(cy) } }];
  const at = (angle: number, radius: number): Point => ({ x: round(cx + radius * Math.sin(angle)), y: round(cy - radius * Math.cos(angle)) });
  const point = (angle: number): string => {
    const p = at(angle, r);
    return `${p.x} ${p.y}`;
  };
  let start = 0;
  return drawn.map(({ value, index }) => {
    const share = value / total;
    const end = start + share * 2 * Math.PI;
    const large = end - start > Math.PI ? 1 : 0;
    const path = `M ${round(cx)} ${round(cy)} L ${point(start)} A ${round(r)} ${round(r)} 0 ${large} 1 ${point(end)} Z`;
    const mark = at((start + end) / 2, r * 0.7);
    start = end;
    return { index, share, whole: false, path, mark };
  });
}

/** The smallest "round" number (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 times a power of ten) at least `value`; 1 for nothing. */
export function niceCeiling(value: number): number {
  if (!Number.isFinite(value) || value <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(value));
  // Steps in tenths, so that 1.2 × 10⁵ is 120000 and not 120000.00000000001.
  for (const tenths of [10, 12, 15, 20, 25, 30, 40, 50, 60, 80, 100]) {
    const step = (tenths * power) / 10;
    if (step >= value) return step;
  }
  return 10 * power;
}

export interface Scale {
  /** The smallest and largest figures of the axis: zero is always between them. */
  readonly min: number;
  readonly max: number;
  /** Where a figure falls, from `from` (the axis' min) to `to` (its max). */
  at(value: number): number;
}

/**
 * A linear scale from `from` to `to` for the known figures, always including zero (bars
 * start at zero) and `atLeast` (100 for percentages of target), rounded out to round numbers.
 */
export function linearScale(values: readonly (number | null)[], from: number, to: number, atLeast = 0): Scale {
  const finite = values.filter((v): v is number => v !== null && Number.isFinite(v));
  const high = Math.max(0, atLeast, ...finite);
  const low = Math.min(0, ...finite);
  const max = high > 0 ? niceCeiling(high) : 0;
  const min = low < 0 ? -niceCeiling(-low) : 0;
  const span = max - min || 1;
  return { min, max, at: (value: number) => round(from + ((value - min) / span) * (to - from)) };
}

/** A label of at most `max` characters: longer ones end with "…". */
export function fitLabel(text: string, max: number): string {
  const chars = [...text];
  return chars.length <= max ? text : `${chars.slice(0, Math.max(1, max - 1)).join("")}…`;
}
