/**
 * Words printed over each other, as the PDF reader finds them: one text drawn over another
 * is found; the lines of a wrapped cell, which share a sliver of their font's height, and
 * words side by side are not.
 */
import { overlappingWords, type PrintedWord } from "./pdf";

const word = (text: string, xMin: number, yMin: number, xMax: number, yMax: number): PrintedWord => ({ text, xMin, yMin, xMax, yMax });

describe("overlappingWords", () => {
  it("finds a line of one cell printed over the first line of the cell below", () => {
    // Measured in a summary printed with a wrapped commentary in a row too short for it.
    const on = word("on", 643.9, 187.81, 649.06, 193.27);
    const perpetrator = word("Perpetrator", 643.9, 188.71, 667.81, 194.18);
    const pairs = overlappingWords([perpetrator, word("alone", 700, 100, 720, 105), on]);
    expect(pairs.map((pair) => pair.map((w) => w.text).sort())).toEqual([["Perpetrator", "on"]]);
  });

  it("passes the lines of a wrapped header and words that touch side by side", () => {
    // "Spend" over "to date" in one wrapped header cell: 1 pt of 11 pt shared.
    const wrapped = [word("Spend", 462.0, 131.04, 491.41, 142.07), word("to", 458.3, 141.03, 467.85, 152.07), word("date", 470.78, 141.03, 491.45, 152.07)];
    const touching = [word("49.9%", 300, 50, 320.2, 56), word("Green", 320, 50, 340, 56)];
    expect(overlappingWords([...wrapped, ...touching])).toEqual([]);
  });
});
