import fc from "fast-check";
import { type Money, allocate, isWholePennies, money, sum, toFixed2 } from "../../src/plan/money";

/** Exact decimal text for an integer number of pennies, built from BigInt only. */
function penniesText(p: bigint): string {
  const negative = p < 0n;
  const abs = negative ? -p : p;
  return `${negative ? "-" : ""}${(abs / 100n).toString()}.${(abs % 100n).toString().padStart(2, "0")}`;
}

/** A whole-penny Money as integer pennies, via its decimal string (no floats). */
function toPennies(amount: Money): bigint {
  const text = toFixed2(amount);
  return BigInt(text.replace(".", ""));
}

function texts(shares: readonly Money[]): string[] {
  return shares.map(toFixed2);
}

const totalPennies = fc.oneof(
  fc.bigInt({ min: 0n, max: 10n ** 13n }),
  fc.bigInt({ min: 0n, max: 200n }),
  fc.constantFrom(0n, 1n, 5n, 6_000_000n, 10_000n),
);

/** Weights as whole numbers (0..1000) or whole-penny Money, with at least one non-zero. */
interface WeightCase {
  readonly weights: (Money | number)[];
  /** The same weights as integers scaled by 100, for exact arithmetic. */
  readonly scaled: bigint[];
}

const weightCase: fc.Arbitrary<WeightCase> = fc
  .array(
    fc.oneof(
      fc.integer({ min: 0, max: 1000 }).map((n) => ({ w: n as Money | number, s: BigInt(n) * 100n })),
      fc.constant({ w: 0 as Money | number, s: 0n }),
      fc.constant({ w: 1 as Money | number, s: 100n }),
      fc.bigInt({ min: 0n, max: 10n ** 9n }).map((p) => ({ w: money(penniesText(p)) as Money | number, s: p })),
    ),
    { minLength: 1, maxLength: 12 },
  )
  .filter((ws) => ws.some((x) => x.s > 0n))
  .map((ws) => ({ weights: ws.map((x) => x.w), scaled: ws.map((x) => x.s) }));

describe("allocate examples", () => {
  it("£60,000 across 6 equal weights is 6 × £10,000.00", () => {
    expect(texts(allocate(money("60000"), [1, 1, 1, 1, 1, 1]))).toEqual(Array(6).fill("10000.00"));
  });

  it("£100 across 3 equal weights is 33.34, 33.33, 33.33", () => {
    expect(texts(allocate(money("100"), [1, 1, 1]))).toEqual(["33.34", "33.33", "33.33"]);
  });

  it("£0.05 across six equal weights gives five pennies then nothing", () => {
    expect(texts(allocate(money("0.05"), [1, 1, 1, 1, 1, 1]))).toEqual([
      "0.01",
      "0.01",
      "0.01",
      "0.01",
      "0.01",
      "0.00",
    ]);
  });

  it("weights [1, 3] split exactly when they can", () => {
    expect(texts(allocate(money("1.00"), [1, 3]))).toEqual(["0.25", "0.75"]);
    expect(texts(allocate(money("100"), [1, 3]))).toEqual(["25.00", "75.00"]);
  });

  it("leftover pennies go by largest remainder: the share that lost most to flooring first", () => {
    // £0.05 by 1:2 is 1.67p / 3.33p exactly: the first share lost 0.67p, the second 0.33p.
    expect(texts(allocate(money("0.05"), [1, 2]))).toEqual(["0.02", "0.03"]);
    expect(texts(allocate(money("332000"), [1, 2]))).toEqual(["110666.67", "221333.33"]);
    expect(texts(allocate(money("0.01"), [1, 3]))).toEqual(["0.00", "0.01"]);
    expect(texts(allocate(money("0.01"), [3, 1]))).toEqual(["0.01", "0.00"]);
    // 0.75p / 2.25p: the smaller share lost more.
    expect(texts(allocate(money("0.03"), [1, 3]))).toEqual(["0.01", "0.02"]);
    // 0.4p / 0.4p / 1.2p: one penny is left; the smaller shares lost 0.4p each, the larger
    // 0.2p, so it goes to the first of the smaller ones.
    expect(texts(allocate(money("0.02"), [1, 1, 3]))).toEqual(["0.01", "0.00", "0.01"]);
  });

  it("equal remainders go by position", () => {
    // 0.5p / 1.5p: both lost half a penny; the first in order takes it.
    expect(texts(allocate(money("0.02"), [1, 3]))).toEqual(["0.01", "0.01"]);
    expect(texts(allocate(money("0.02"), [3, 1]))).toEqual(["0.02", "0.00"]);
  });

  it("ties between equal weights go by position", () => {
    expect(texts(allocate(money("0.02"), [3, 1, 3]))).toEqual(["0.01", "0.00", "0.01"]);
    expect(texts(allocate(money("0.01"), [2, 5, 5]))).toEqual(["0.00", "0.01", "0.00"]);
    expect(texts(allocate(money("1.00"), [1, 1, 1]))).toEqual(["0.34", "0.33", "0.33"]);
    expect(texts(allocate(money("2.00"), [1, 1, 1]))).toEqual(["0.67", "0.67", "0.66"]);
  });

  it("a share that is already exact never takes a leftover penny (regression)", () => {
    // 60,000 × 6/9 = 40,000.00 exactly; the two leftover pennies belong to the 6,666.66… shares.
    expect(texts(allocate(money("60000"), [1, 1, 1, 6, 0]))).toEqual([
      "6666.67",
      "6666.67",
      "6666.66",
      "40000.00",
      "0.00",
    ]);
    expect(texts(allocate(money("0.77"), [1, 1, 30, 1]))).toEqual(["0.03", "0.02", "0.70", "0.02"]);
  });

  it("four quarters of £10,000.01", () => {
    expect(texts(allocate(money("10000.01"), [1, 1, 1, 1]))).toEqual(["2500.01", "2500.00", "2500.00", "2500.00"]);
  });

  it("accepts Money weights and zero weights", () => {
    expect(texts(allocate(money("10"), [money("0.5"), money("0"), money("1.5")]))).toEqual(["2.50", "0.00", "7.50"]);
    expect(texts(allocate(money("0"), [1, 2]))).toEqual(["0.00", "0.00"]);
    expect(texts(allocate(money("7.77"), [0, 1, 0]))).toEqual(["0.00", "7.77", "0.00"]);
  });

  it.each<[string, () => Money[]]>([
    ["a negative total", () => allocate(money("-1"), [1, 1])],
    ["a sub-penny total", () => allocate(money("1.005"), [1, 1])],
    ["empty weights", () => allocate(money("1"), [])],
    ["all-zero weights", () => allocate(money("1"), [0, 0, money("0")])],
    ["a negative weight", () => allocate(money("1"), [2, -1])],
    ["a negative Money weight", () => allocate(money("1"), [money("2"), money("-0.01")])],
  ])("throws for %s", (_label, call) => {
    expect(call).toThrow(RangeError);
  });
});

describe("allocate properties", () => {
  it("(d) shares are whole non-negative pennies, sum to the total, and are deterministic", () => {
    fc.assert(
      fc.property(totalPennies, weightCase, (t, { weights }) => {
        const total = money(penniesText(t));
        const shares = allocate(total, weights);
        expect(shares).toHaveLength(weights.length);
        for (const s of shares) {
          expect(isWholePennies(s)).toBe(true);
          expect(s.isNegative() && !s.isZero()).toBe(false);
        }
        expect(sum(shares).equals(total)).toBe(true);
        expect(texts(allocate(money(penniesText(t)), [...weights]))).toEqual(texts(shares));
      }),
      { numRuns: 1000 },
    );
  });

  it("(d) zero weights get nothing; every share is within a penny of its exact proportion", () => {
    fc.assert(
      fc.property(totalPennies, weightCase, (t, { weights, scaled }) => {
        const shares = allocate(money(penniesText(t)), weights).map(toPennies);
        const weightSum = scaled.reduce((a, b) => a + b, 0n);
        scaled.forEach((w, i) => {
          const share = shares[i] as bigint;
          if (w === 0n) expect(share).toBe(0n);
          // |share - t*w/W| < 1 penny  ⇔  |share*W - t*w| < W  (exact integers)
          const diff = share * weightSum - t * w;
          expect(diff < weightSum && -diff < weightSum).toBe(true);
        });
      }),
      { numRuns: 1000 },
    );
  });

  it("(d) floors every share, then gives the leftover pennies by largest remainder, ties by position", () => {
    fc.assert(
      fc.property(totalPennies, weightCase, (t, { weights, scaled }) => {
        const shares = allocate(money(penniesText(t)), weights).map(toPennies);
        const weightSum = scaled.reduce((a, b) => a + b, 0n);
        const floors = scaled.map((w) => (t * w) / weightSum);
        const leftover = t - floors.reduce((a, b) => a + b, 0n);
        // What each share lost to the floor, in 1/W of a penny; only a share that lost
        // something (a non-zero remainder) may take a leftover penny.
        const order = scaled
          .map((w, i) => ({ remainder: (t * w) % weightSum, i }))
          .filter((x) => x.remainder !== 0n)
          .sort((a, b) => (a.remainder === b.remainder ? a.i - b.i : a.remainder > b.remainder ? -1 : 1))
          .map((x) => x.i);
        const expected = [...floors];
        order.slice(0, Number(leftover)).forEach((i) => {
          expected[i] = (expected[i] as bigint) + 1n;
        });
        expect(leftover === 0n || leftover < BigInt(order.length)).toBe(true);
        expect(shares).toEqual(expected);
      }),
      { numRuns: 1000 },
    );
  });

  it("(d) equal weights give shares at most 1p apart, larger ones first", () => {
    fc.assert(
      fc.property(
        totalPennies,
        fc.integer({ min: 1, max: 40 }),
        fc.oneof(fc.integer({ min: 1, max: 1000 }), fc.constant(1)),
        (t, n, w) => {
          const shares = allocate(money(penniesText(t)), Array<number>(n).fill(w)).map(toPennies);
          const max = shares.reduce((a, b) => (a > b ? a : b));
          const min = shares.reduce((a, b) => (a < b ? a : b));
          expect(max - min <= 1n).toBe(true);
          for (let i = 1; i < shares.length; i++) {
            expect((shares[i - 1] as bigint) >= (shares[i] as bigint)).toBe(true);
          }
          expect(shares.reduce((a, b) => a + b, 0n)).toBe(t);
        },
      ),
      { numRuns: 1000 },
    );
  });

  it("(d) scaling every weight by the same factor changes nothing", () => {
    fc.assert(
      fc.property(totalPennies, weightCase, fc.integer({ min: 2, max: 1000 }), (t, { scaled }, k) => {
        const total = money(penniesText(t));
        const base = allocate(total, scaled.map((s) => money(penniesText(s))));
        const scaledUp = allocate(total, scaled.map((s) => money(penniesText(s * BigInt(k)))));
        expect(texts(scaledUp)).toEqual(texts(base));
      }),
      { numRuns: 500 },
    );
  });
});
