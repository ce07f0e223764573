import fc from "fast-check";
import type { CellValue } from "../../src/plan/cell";
import {
  type DecodedAmount,
  type Money,
  MoneyDecimal,
  ZERO,
  decodeAmount,
  excelNumber,
  formatGBP,
  MAX_AMOUNT_TEXT,
  isWholePennies,
  money,
  parseAmountText,
  parseMoneyInput,
  roundToPennies,
  sum,
  toCellNumber,
  toFixed2,
  toMachine,
} from "../../src/plan/money";

/** Exact decimal text for an integer number of pennies, built from BigInt only (no floats). */
function penniesText(p: bigint): string {
  const negative = p < 0n;
  const abs = negative ? -p : p;
  const whole = abs / 100n;
  const fraction = (abs % 100n).toString().padStart(2, "0");
  return `${negative ? "-" : ""}${whole.toString()}.${fraction}`;
}

function expectAmount(decoded: DecodedAmount): Extract<DecodedAmount, { kind: "amount" }> {
  if (decoded.kind !== "amount") throw new Error(`expected an amount, got ${JSON.stringify(decoded)}`);
  return decoded;
}

const PENNY_LIMIT = 10n ** 13n;
const anyPennies = fc.oneof(
  fc.bigInt({ min: -PENNY_LIMIT, max: PENNY_LIMIT }),
  fc.bigInt({ min: -100_000n, max: 100_000n }),
  fc.constantFrom(0n, 1n, -1n, 99n, 100n, 101n, 1_000_000n, PENNY_LIMIT, -PENNY_LIMIT),
);

describe("money()", () => {
  it("builds exact decimals from strings and from numbers via their shortest decimal string", () => {
    expect(money("1250.00").equals(new MoneyDecimal("1250"))).toBe(true);
    expect(money(0.1).toString()).toBe("0.1");
    expect(money(0.1).plus(money(0.2)).toString()).toBe("0.3");
  });

  it.each([NaN, Infinity, -Infinity])("refuses the non-finite number %p", (n) => {
    expect(() => money(n)).toThrow(RangeError);
  });

  it("keeps its own Decimal configuration (half-even) whatever the global Decimal says", () => {
    expect(money("0.125").toDecimalPlaces(2).toString()).toBe("0.12");
    expect(money("0.135").toDecimalPlaces(2).toString()).toBe("0.14");
  });
});

describe("sum, isWholePennies, roundToPennies", () => {
  it("sums exactly", () => {
    expect(sum([money("0.10"), money("0.20")]).equals(money("0.30"))).toBe(true);
    expect(sum([]).equals(ZERO)).toBe(true);
  });

  it.each([
    ["1250", true],
    ["1250.5", true],
    ["1250.50", true],
    ["0.01", true],
    ["0.005", false],
    ["12.345", false],
    ["-0.001", false],
  ])("isWholePennies(%s) is %p", (text, expected) => {
    expect(isWholePennies(money(text))).toBe(expected);
  });

  it.each([
    ["0.125", "0.12"],
    ["0.135", "0.14"],
    ["0.005", "0.00"],
    ["-0.125", "-0.12"],
    ["12.345", "12.34"],
    ["12.3451", "12.35"],
  ])("roundToPennies(%s) rounds half-even to %s", (text, expected) => {
    expect(roundToPennies(money(text)).equals(money(expected))).toBe(true);
  });

  it("roundToPennies takes an explicit rounding mode", () => {
    expect(toFixed2(roundToPennies(money("0.125"), MoneyDecimal.ROUND_HALF_UP))).toBe("0.13");
    expect(toFixed2(roundToPennies(money("0.129"), MoneyDecimal.ROUND_DOWN))).toBe("0.12");
  });
});

describe("decodeAmount examples", () => {
  it("a number cell is an amount, not text", () => {
    const d = expectAmount(decodeAmount(1250));
    expect(toFixed2(d.value)).toBe("1250.00");
    expect(d.asText).toBe(false);
    expect(d.subPenny).toBe(false);
  });

  it.each<[string, string]>([
    ["1250", "1250.00"],
    ["1,250.00", "1250.00"],
    ["£1,250.00", "1250.00"],
    [" £1,250 ", "1250.00"],
    ["-£5.00", "-5.00"],
    ["£-5.00", "-5.00"],
    ["(£5.00)", "-5.00"],
    ["GBP 12.50", "12.50"],
    ["gbp12.5", "12.50"],
    ["£332,000.00", "332000.00"],
    ["0.5", "0.50"],
    [".5", "0.50"],
    ["\u00a3\u00a01,250.00", "1250.00"],
  ])("text %p is the amount %s, marked asText", (text, expected) => {
    const d = expectAmount(decodeAmount(text));
    expect(toFixed2(d.value)).toBe(expected);
    expect(d.asText).toBe(true);
    expect(d.subPenny).toBe(false);
  });

  it.each<[number, string]>([
    [334965.77999999997, "334965.78"],
    [116199.99999999999, "116200.00"],
    [118999.99999999999, "119000.00"],
    [340000 * 0.35, "119000.00"],
    [0.1 + 0.2, "0.30"],
    [332000.00000000006, "332000.00"],
    [-60000.00000000001, "-60000.00"],
  ])("the number %p is read as Excel shows it (15 significant digits): %s, whole pennies", (cell, expected) => {
    const d = expectAmount(decodeAmount(cell));
    expect(d.subPenny).toBe(false);
    expect(toFixed2(d.value)).toBe(expected);
    expect(toFixed2(excelNumber(cell))).toBe(expected);
  });

  it.each<[CellValue, string]>([
    [12.345, "12.345"],
    [0.005, "0.005"],
    [1e-7, "0.0000001"],
    ["12.345", "12.345"],
    ["£0.001", "0.001"],
  ])("%p is subPenny and keeps every digit (%s), never rounded; JSON has no two-decimal form for it", (cell, digits) => {
    const d = expectAmount(decodeAmount(cell));
    expect(d.subPenny).toBe(true);
    expect(d.value.equals(new MoneyDecimal(digits))).toBe(true);
    expect(toMachine(d.value)).toBeNull();
  });

  it.each<[CellValue]>([[null], [""], ["  "], ["\t"]])("%p is blank", (cell) => {
    expect(decodeAmount(cell)).toEqual({ kind: "blank" });
  });

  it.each<[CellValue, string]>([
    [{ error: "#REF!" }, "#REF!"],
    [{ error: "#DIV/0!" }, "#DIV/0!"],
    ["#REF!", "#REF!"],
    [" #N/A ", "#N/A"],
    ["#value!", "#value!"],
  ])("%p is invalid because it is an Excel error", (cell, text) => {
    expect(decodeAmount(cell)).toEqual({ kind: "invalid", reason: "error", text });
  });

  it.each<[boolean, string]>([
    [true, "TRUE"],
    [false, "FALSE"],
  ])("%p is invalid: a boolean", (cell, text) => {
    expect(decodeAmount(cell)).toEqual({ kind: "invalid", reason: "boolean", text });
  });

  it.each<[CellValue]>([
    ["abc"],
    ["1,25,0"],
    ["£"],
    ["1.2.3"],
    ["--5"],
    ["-"],
    ["(-5)"],
    ["-(5)"],
    ["5."],
    ["1e5"],
    ["12 50"],
    ["£1,2500"],
    ["$12.50"],
    ["GBP"],
    [NaN],
    [Infinity],
    [-Infinity],
  ])("%p is invalid: not a number", (cell) => {
    const d = decodeAmount(cell);
    expect(d.kind).toBe("invalid");
    if (d.kind === "invalid") expect(d.reason).toBe("not-a-number");
  });

  it("a formula with no stored result is uncalculated, never blank or £0.00", () => {
    expect(decodeAmount({ uncalculated: "60000/2" })).toEqual({ kind: "invalid", reason: "uncalculated", text: "=60000/2" });
  });

  it.each<[CellValue]>([[1e12], [999999999999.995], [-999999999999.995], [-1e15], [1e300], ["£1,000,000,000,000.00"], ["1000000000000"]])("%p is too large for a plan", (cell) => {
    const d = decodeAmount(cell);
    expect(d.kind).toBe("invalid");
    if (d.kind === "invalid") expect(d.reason).toBe("too-large");
  });

  it("says a too-large number as money a person reads, not in exponent form", () => {
    expect(decodeAmount(1e16)).toEqual({ kind: "invalid", reason: "too-large", text: "£10,000,000,000,000,000.00" });
  });

  it("£999,999,999,999.99 is the largest amount", () => {
    expect(toFixed2(expectAmount(decodeAmount(999999999999.99)).value)).toBe("999999999999.99");
    expect(toFixed2(expectAmount(decodeAmount("£999,999,999,999.99")).value)).toBe("999999999999.99");
  });

  it("a negative-zero number decodes to zero pennies", () => {
    const d = expectAmount(decodeAmount(-0));
    expect(d.value.isZero()).toBe(true);
    expect(toFixed2(d.value)).toBe("0.00");
    expect(formatGBP(d.value)).toBe("£0.00");
  });
});

describe("formatGBP, toFixed2, toMachine, toCellNumber", () => {
  it.each<[string | number, string]>([
    [332000, "£332,000.00"],
    [-1000, "-£1,000.00"],
    [0, "£0.00"],
    ["-0", "£0.00"],
    [0.5, "£0.50"],
    [999.99, "£999.99"],
    [1000, "£1,000.00"],
    [1234567.8, "£1,234,567.80"],
    ["100000000000.00", "£100,000,000,000.00"],
    [0.005, "£0.005"],
    ["-12.345", "-£12.345"],
  ])("formatGBP(%p) = %s", (amount, expected) => {
    expect(formatGBP(money(amount))).toBe(expected);
  });

  it.each([
    ["332000", "332000.00"],
    ["0", "0.00"],
    ["-0", "0.00"],
    ["-5.5", "-5.50"],
    ["100000000000.01", "100000000000.01"],
  ])("toFixed2(%s) = %s", (amount, expected) => {
    expect(toFixed2(money(amount))).toBe(expected);
  });

  it.each(["0.005", "12.345", "0.30000000000000004"])("toFixed2(%s) throws rather than round", (amount) => {
    expect(() => toFixed2(money(amount))).toThrow(RangeError);
    expect(() => toCellNumber(money(amount))).toThrow(RangeError);
  });

  it("toMachine pads pennies and gives no two-decimal form (null) to a sub-penny amount", () => {
    expect(toMachine(money("332000"))).toBe("332000.00");
    expect(toMachine(money("-1000"))).toBe("-1000.00");
    expect(toMachine(money("0.005"))).toBeNull();
  });

  it("toCellNumber writes the plain number", () => {
    expect(toCellNumber(money("1250.10"))).toBe(1250.1);
    expect(toCellNumber(money("-0.01"))).toBe(-0.01);
  });
});

describe("parseMoneyInput", () => {
  it.each(["", "   "])("blank %p asks for an amount", (text) => {
    const r = parseMoneyInput(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe("Enter an amount, for example £1,250.00.");
  });

  it.each(["abc", "1,25,0", " 12 pounds "])("bad text %p says it is not an amount, quoting it trimmed", (text) => {
    const r = parseMoneyInput(text);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toBe(`"${text.trim()}" is not an amount. Use digits, for example 1250 or £1,250.00.`);
    }
  });

  it.each(["12.345", "£0.001"])("three decimals %p asks for pennies", (text) => {
    const r = parseMoneyInput(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe("Use at most two decimal places (pennies).");
  });

  it.each(["-5", "-£5.00", "(£5.00)"])("negative %p is refused unless allowed", (text) => {
    const r = parseMoneyInput(text);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toBe("The amount cannot be negative.");
    const allowed = parseMoneyInput(text, { allowNegative: true });
    expect(allowed.ok).toBe(true);
    if (allowed.ok) expect(toFixed2(allowed.value)).toBe("-5.00");
  });

  it.each([
    ["£1,250.00", "1250.00"],
    ["1250", "1250.00"],
    ["0", "0.00"],
    ["-0", "0.00"],
    ["GBP 12.5", "12.50"],
  ])("accepts %p as %s", (text, expected) => {
    const r = parseMoneyInput(text);
    expect(r.ok).toBe(true);
    if (r.ok) expect(toFixed2(r.value)).toBe(expected);
  });
});

describe("money properties", () => {
  it("(a) a whole-penny JS number decodes to exactly its decimal, never subPenny", () => {
    fc.assert(
      fc.property(anyPennies, (p) => {
        const cell = Number(p) / 100;
        const d = expectAmount(decodeAmount(cell));
        const expected = money(penniesText(p));
        expect(d.value.equals(expected)).toBe(true);
        expect(d.subPenny).toBe(false);
        expect(d.asText).toBe(false);
        expect(toFixed2(d.value)).toBe(toFixed2(expected));
        // and back out to the cell: the same JS number
        expect(toCellNumber(d.value)).toBe(cell);
      }),
      { numRuns: 2000 },
    );
  });

  it("(b) formatGBP then parseAmountText round-trips any whole-penny amount", () => {
    fc.assert(
      fc.property(anyPennies, (p) => {
        const amount = money(penniesText(p));
        const shown = formatGBP(amount);
        const parsed = parseAmountText(shown);
        expect(parsed).not.toBeNull();
        expect((parsed as Money).equals(amount)).toBe(true);
        // the JSON form round-trips too, and both agree on the digits
        expect(toFixed2(parseAmountText(toFixed2(amount)) as Money)).toBe(penniesText(p));
        // the text form decodes as asText with the same value
        const d = expectAmount(decodeAmount(shown));
        expect(d.asText).toBe(true);
        expect(d.value.equals(amount)).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it("(b') a bracketed negative reads the same as a minus sign", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: PENNY_LIMIT }), (p) => {
        const amount = money(penniesText(p));
        const bracketed = `(${formatGBP(amount)})`;
        expect((parseAmountText(bracketed) as Money).equals(amount.negated())).toBe(true);
      }),
    );
  });

  const amountish = fc.string({
    unit: fc.constantFrom("0", "1", "5", "9", ",", ".", "£", "-", "(", ")", " ", "G", "B", "P", "#", "!", "e", "\u00a0"),
    maxLength: 16,
  });
  const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
    fc.string(),
    fc.string({ unit: "grapheme" }),
    fc.string({ unit: "binary" }),
    amountish,
    fc.constantFrom(...["#REF!", "#N/A", "£", "(£)", "()", "-£", ".", "GBP", "1e309", "0x10", "١٢٣"]),
    fc.double(),
    fc.constantFrom(NaN, Infinity, -Infinity, -0, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.record({ error: fc.string() }),
  );

  it("(c) decodeAmount never throws and always returns a well-formed result", () => {
    fc.assert(
      fc.property(anyCell, (cell) => {
        const d = decodeAmount(cell);
        switch (d.kind) {
          case "blank":
            expect(cell === null || (typeof cell === "string" && cell.trim() === "")).toBe(true);
            break;
          case "amount":
            expect(d.value.isFinite()).toBe(true);
            expect(d.subPenny).toBe(!isWholePennies(d.value));
            expect(d.asText).toBe(typeof cell === "string");
            if (typeof cell === "number") expect(d.value.equals(new MoneyDecimal(cell.toPrecision(15)))).toBe(true);
            // formatting never throws either
            expect(typeof formatGBP(d.value)).toBe("string");
            break;
          case "invalid":
            expect(["error", "not-a-number", "boolean", "too-large"]).toContain(d.reason);
            expect(typeof d.text).toBe("string");
            break;
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("parseMoneyInput never throws and accepts exactly whole-penny amounts", () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), amountish), (text) => {
        const r = parseMoneyInput(text, { allowNegative: true });
        if (r.ok) expect(isWholePennies(r.value)).toBe(true);
        else expect(r.message.length).toBeGreaterThan(0);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("hostile text: bounded, linear, never a hang", () => {
  // Each of these took seconds to hours with the old patterns; the budget is generous so
  // that a busy machine never fails them, and the assertions are about behaviour.
  const BUDGET = 20_000;

  it(
    'text longer than MAX_AMOUNT_TEXT is not an amount, however it is made ("-" and thousands of spaces)',
    () => {
      const hostile = `-${" ".repeat(20_000)}x`;
      expect(parseAmountText(hostile)).toBeNull();
      expect(parseAmountText(`-${" ".repeat(20_000)}5`)).toBeNull();
      const d = decodeAmount(hostile);
      expect(d.kind === "invalid" && d.reason).toBe("not-a-number");
      if (d.kind === "invalid") expect(d.text.length).toBeLessThan(120);
    },
    BUDGET,
  );

  it(
    "within the length limit, signs and spaces still read in one pass",
    () => {
      const spaces = " ".repeat(MAX_AMOUNT_TEXT - 3);
      expect(parseAmountText(`-${spaces}5`)?.toString()).toBe("-5");
      expect(parseAmountText(`-${spaces}x`)).toBeNull();
      expect(parseAmountText(`-${" ".repeat(MAX_AMOUNT_TEXT)}5`)).toBeNull();
      expect(parseAmountText("- £ 5")?.toString()).toBe("-5");
      expect(parseAmountText("£ - 5")?.toString()).toBe("-5");
      expect(parseAmountText("££5")).toBeNull();
    },
    BUDGET,
  );

  it(
    "a 200,000-digit amount is not an amount (text) and formats without quadratic cost (formatGBP)",
    () => {
      const digits = "9".repeat(200_000);
      const d = decodeAmount(digits);
      expect(d.kind === "invalid" && d.reason).toBe("not-a-number");
      if (d.kind === "invalid") expect(d.text).toContain("200,000 characters");
      const shown = formatGBP(money(digits));
      expect(shown.startsWith("£99,999,999,")).toBe(true);
      expect(shown.endsWith("999.00")).toBe(true);
      // 200,000 digits in groups of three: 66,666 commas.
      expect(shown.length).toBe(1 + 200_000 + 66_666 + 3);
    },
    BUDGET,
  );

  it(
    "a 400,000-character cell of spaces is blank, and one of words is not an amount",
    () => {
      expect(decodeAmount(" ".repeat(400_000))).toEqual({ kind: "blank" });
      const d = decodeAmount("a".repeat(400_000));
      expect(d.kind === "invalid" && d.reason).toBe("not-a-number");
    },
    BUDGET,
  );
});
