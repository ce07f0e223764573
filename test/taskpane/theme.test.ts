import { luminance, themeKindFor } from "../../src/taskpane/theme";

describe("the pane follows the Office theme", () => {
  it.each([
    ["#ffffff", "light"], // Colorful / White
    ["#f3f2f1", "light"],
    ["#e6e6e6", "light"], // Dark Grey's lighter body in older Office
    ["#444444", "dark"], // Dark Grey
    ["#262626", "dark"],
    ["#1f1f1f", "dark"], // Black
    ["#000", "dark"],
    ["#FFF", "light"],
  ] as const)("%s → %s", (colour, kind) => {
    expect(themeKindFor(colour)).toBe(kind);
  });

  it("falls back to light when Office says nothing or something unreadable", () => {
    expect(themeKindFor(undefined)).toBe("light");
    expect(themeKindFor(null)).toBe("light");
    expect(themeKindFor("")).toBe("light");
    expect(themeKindFor("rgb(0,0,0)")).toBe("light");
  });

  it("measures luminance as WCAG does", () => {
    expect(luminance("#000000")).toBe(0);
    expect(luminance("#ffffff")).toBeCloseTo(1, 10);
    expect(luminance("#808080")).toBeCloseTo(0.2159, 3);
    expect(luminance("nope")).toBeNull();
  });
});
