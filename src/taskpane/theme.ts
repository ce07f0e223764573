/**
 * The pane follows the Office theme: a dark Office background gets the dark Fluent theme.
 * Kept free of React and Office so it can be tested on its own.
 */

export type ThemeKind = "light" | "dark";

/** sRGB channel (0–1) to linear light, as WCAG 2 defines it. */
function linear(channel: number): number {
  return channel <= 0.04045 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
}

/** Relative luminance (0 black – 1 white) of a hex colour such as "#1f1f1f" or "#fff"; null when it is not one. */
export function luminance(colour: string): number | null {
  const match = /^#?([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(colour.trim());
  const digits = match?.[1];
  if (digits === undefined) return null;
  const full = digits.length === 3 ? [...digits].map((d) => d + d).join("") : digits;
  const channel = (at: number): number => linear(parseInt(full.slice(at, at + 2), 16) / 255);
  return 0.2126 * channel(0) + 0.7152 * channel(2) + 0.0722 * channel(4);
}

/**
 * "dark" when white text would stand out more on the Office body background than black
 * text would; "light" otherwise, and when Office does not say (older hosts, a browser).
 */
export function themeKindFor(bodyBackgroundColor: string | undefined | null): ThemeKind {
  const l = typeof bodyBackgroundColor === "string" ? luminance(bodyBackgroundColor) : null;
  if (l === null) return "light";
  const contrastWithBlack = (l + 0.05) / 0.05;
  const contrastWithWhite = 1.05 / (l + 0.05);
  return contrastWithWhite > contrastWithBlack ? "dark" : "light";
}
