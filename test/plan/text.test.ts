/** Text from a workbook: look-alike IDs, quoting in messages, and text made safe to print. */
import { capText, MAX_CELL_TEXT, normaliseId, quoteText, visibleText, wildcardsIn } from "../../src/plan/text";

describe("normaliseId", () => {
  it.each<[string, string, string[]]>([
    ["CRG", "CRG", []],
    ["  CRG-01 ", "CRG-01", ["a space before or after the ID"]],
    ["CRG-01 ", "CRG-01", ["a space before or after the ID"]],
    ["CRG\u201301", "CRG-01", ["U+2013 EN DASH"]],
    ["CRG\u2011\u221201", "CRG--01", ["U+2011 NON-BREAKING HYPHEN", "U+2212 MINUS SIGN"]],
    ["\uff23\uff32\uff27\uff0d\uff10\uff11", "CRG-01", ['U+FF23 FULLWIDTH FORM OF "C"', 'U+FF32 FULLWIDTH FORM OF "R"', 'U+FF27 FULLWIDTH FORM OF "G"', 'U+FF0D FULLWIDTH FORM OF "-"', 'U+FF10 FULLWIDTH FORM OF "0"', 'U+FF11 FULLWIDTH FORM OF "1"']],
    ["\u00a0CRG ", "CRG", ["U+00A0 NO-BREAK SPACE", "a space before or after the ID"]],
    ["CRG\u200b", "CRG", ["U+200B ZERO WIDTH SPACE"]],
    ["C\u200cR\u200dG", "CRG", ["U+200C ZERO WIDTH NON-JOINER", "U+200D ZERO WIDTH JOINER"]],
    ["\ufeffCRG\u2060", "CRG", ["U+FEFF ZERO WIDTH NO-BREAK SPACE (byte order mark)", "U+2060 WORD JOINER"]],
    ["CRG\u00a001", "CRG 01", ["U+00A0 NO-BREAK SPACE"]],
    ["CRG\u202f-\u200901", "CRG - 01", ["U+202F NARROW NO-BREAK SPACE", "U+2009 THIN SPACE"]],
    ["CRG\n", "CRG", ["U+000A LINE FEED"]],
    ["CRG\u00ad01", "CRG01", ["U+00AD SOFT HYPHEN"]],
    ["\u202eGRC", "GRC", ["U+202E RIGHT-TO-LEFT OVERRIDE"]],
    ["Café", "Café", []],
  ])("%p is matched as %p, reporting %p", (text, id, odd) => {
    const result = normaliseId(text);
    expect(result.id).toBe(id);
    expect(result.odd.map((o) => o.name)).toEqual(odd);
  });

  it("names the wildcards SUMIFS would see in an ID", () => {
    expect(wildcardsIn("CRG-01")).toEqual([]);
    expect(wildcardsIn("C*R?G~")).toEqual(["*", "?", "~"]);
  });

  it("reports each odd character once, at its first position", () => {
    expect(normaliseId("A\u200bB\u200bC").odd).toEqual([{ name: "U+200B ZERO WIDTH SPACE", at: 1 }]);
  });

  it(
    "reads an ID of 400,000 odd characters in bounded time, cut to Excel's cell limit",
    () => {
      const result = normaliseId("\u200b".repeat(400_000));
      expect(result.id).toBe("");
      expect(result.odd).toHaveLength(1);
      expect(capText("x".repeat(MAX_CELL_TEXT + 10))).toHaveLength(MAX_CELL_TEXT);
    },
    20_000,
  );
});

describe("quoteText", () => {
  it("keeps short text and cuts long text, saying how long it was", () => {
    expect(quoteText("TBC")).toBe("TBC");
    expect(quoteText("x".repeat(1000), 10)).toBe("xxxxxxxxxx… (1,000 characters)");
  });
});

describe("visibleText", () => {
  it("shows control characters, escapes, line breaks and direction overrides as \\u{…}", () => {
    expect(visibleText("a\u001b[2Jb\r\n\t\u0000\u007f\u0085\u2028\u202e\u2066c")).toBe(
      "a\\u{1b}[2Jb\\u{d}\\u{a}\\u{9}\\u{0}\\u{7f}\\u{85}\\u{2028}\\u{202e}\\u{2066}c",
    );
  });

  it("leaves ordinary text, pound signs and accents alone", () => {
    expect(visibleText("Crime Reduction Grant 2020/21 — £332,000.00, café")).toBe("Crime Reduction Grant 2020/21 — £332,000.00, café");
  });
});
