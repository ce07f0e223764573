/**
 * The core's quick paths (the usual cells, read without case folding, trimming or parsing
 * twice) give the same answers as the general ones, and the edge cases they step around
 * still take the general path.
 */
import { checkIds, checkPlan, checkReferences, checkWorkbook, measureCounts } from "../../src/plan/checks";
import { readPlan } from "../../src/plan/decode";
import { excelNumber, MoneyDecimal } from "../../src/plan/money";
import type { Plan } from "../../src/plan/model";
import type { PlanData } from "../../src/plan/template";
import { caseKey, normaliseId, plainId } from "../../src/plan/text";
import { generatePlan } from "../support/generate";
import { rawPlan, withCell } from "../support/raw";

function planOf(data: PlanData): Plan {
  const read = readPlan(rawPlan(data));
  if (read.status !== "plan") throw new Error(read.reason);
  return read.plan;
}

describe("excelNumber: small whole numbers", () => {
  it("builds each small whole number once and shares it", () => {
    expect(excelNumber(42)).toBe(excelNumber(42));
    expect(excelNumber(0)).toBe(excelNumber(0));
    expect(excelNumber(42).equals(new MoneyDecimal(42))).toBe(true);
  });

  it("keeps negative zero, negative and larger whole numbers exact and unshared", () => {
    expect(excelNumber(-0).isNegative()).toBe(true);
    expect(excelNumber(-0)).not.toBe(excelNumber(0));
    expect(excelNumber(-5).toString()).toBe("-5");
    expect(excelNumber(123456789).toString()).toBe("123456789");
    expect(excelNumber(1024)).not.toBe(excelNumber(1024));
  });
});

describe("excelNumber: whole pennies", () => {
  it.each([
    [1234.56, "1234.56"],
    [-0.05, "-0.05"],
    [0.1 + 0.2, "0.3"],
    [118999.99999999999, "119000"],
    [999999999999.99, "999999999999.99"],
    [1.005, "1.005"],
    [12.345, "12.345"],
  ])("reads %p as Excel shows it: %s", (value, shown) => {
    expect(excelNumber(value).toString()).toBe(shown);
  });
});

describe("plainId", () => {
  it("is the normalised ID of plain text", () => {
    for (const text of ["G01", "L-0001", "a b", ""]) expect(plainId(text)).toBe(normaliseId(text).id);
  });

  it("leaves spaces around an ID to normaliseId, which reports them", () => {
    for (const text of ["  L-0001 ", " L", "L "]) {
      expect(plainId(text)).toBeNull();
      expect(normaliseId(text).odd.length).toBe(1);
    }
  });

  it("leaves text with odd characters to normaliseId", () => {
    expect(plainId("G\u200B01")).toBeNull();
    expect(plainId("G01\u00A0")).toBeNull();
    expect(plainId("G01\n")).toBeNull();
    // Excel's wildcards are looked at on the slower path, which reports them.
    for (const text of ["G*", "G?1", "~G"]) expect(plainId(text)).toBeNull();
    expect(normaliseId("G\u200B01").id).toBe("G01");
  });
});

describe("caseKey", () => {
  // Kelvin sign, sharp s, dotted and dotless i, Greek sigma forms: case rules beyond ASCII.
  const texts = ["G01", "g01", "G01-0001.1", "g01-0001.1", "K1", "k1", "\u212A1", "SS", "ss", "\u00DF", "\u1E9E", "I", "i", "\u0130", "\u0131", "\u03A3", "\u03C3", "\u03C2", "", "a b", "A B", "\u00C9t\u00E9", "\u00E9T\u00C9"];

  it("gives two texts the same key exactly when their lower-case forms are equal", () => {
    for (const a of texts) for (const b of texts) expect([a, b, caseKey(a) === caseKey(b)]).toEqual([a, b, a.toLowerCase() === b.toLowerCase()]);
  });

  it("is the text itself for plain upper-case ASCII", () => {
    expect(caseKey("G01-0001.1")).toBe("G01-0001.1");
    expect(caseKey("g01-0001.1")).toBe("G01-0001.1");
  });

  it("matches a reference to a line whose ID lower-cases to plain ASCII, and only then", () => {
    const data = generatePlan(2, 1, 1);
    const [l1, l2] = data.lines;
    const [m1, m2] = data.measures;
    if (!l1 || !l2 || !m1 || !m2) throw new Error("two lines and two measures expected");
    const plan = planOf({
      ...data,
      lines: [
        { ...l1, id: "\u212A1" },
        { ...l2, id: "\u00DF2" },
      ],
      measures: [
        { ...m1, lineId: "k1" },
        { ...m2, lineId: "SS2" },
      ],
    });
    expect(checkReferences(plan).filter((f) => f.code === "LINE_UNKNOWN").map((f) => f.message)).toEqual([
      `Measure ${m2.id} names line "SS2", which is not in the Lines table.`,
    ]);
    expect(measureCounts(plan)).toEqual(new Map([["k1", 1], ["ss2", 1]]));
  });
});

describe("IDs and references match whatever their case", () => {
  const data = generatePlan(2, 2, 1);
  const [l1, l2] = data.lines;
  const [m1, m2, m3, m4] = data.measures;
  if (!l1 || !l2 || !m1 || !m2 || !m3 || !m4) throw new Error("two lines and four measures expected");
  const cased: PlanData = {
    ...data,
    measures: [
      { ...m1, id: "M-1", lineId: l1.id },
      { ...m2, id: "m-1", lineId: l1.id.toLowerCase() },
      { ...m3, id: "M-3", lineId: l2.id.toLowerCase() },
      { ...m4, id: "M-4", lineId: "NO-SUCH-LINE" },
    ],
  };
  const plan = planOf(cased);

  it("counts a line's measures whichever case they write its ID in", () => {
    const counts = measureCounts(plan);
    expect(counts?.get(l1.id.toLowerCase())).toBe(2);
    expect(counts?.get(l2.id.toLowerCase())).toBe(1);
    expect(counts?.get("no-such-line")).toBe(1);
    expect(counts?.has(l1.id)).toBe(l1.id === l1.id.toLowerCase());
  });

  it("reports only the reference that names no line", () => {
    const unknown = checkReferences(plan).filter((f) => f.code === "LINE_UNKNOWN");
    expect(unknown.map((f) => f.message)).toEqual([`Measure M-4 names line "NO-SUCH-LINE", which is not in the Lines table.`]);
  });

  it("reports an ID used again in another case against its first row", () => {
    const duplicates = checkIds(plan).filter((f) => f.code === "ID_DUPLICATE");
    expect(duplicates).toHaveLength(1);
    expect(duplicates[0]?.message).toContain(`Measure ID "m-1" is used again; it is already on row ${(plan.measures[0]?.row ?? -2) + 1}`);
  });

  it("gives the same findings from checkPlan as from each check on its own", () => {
    const all = checkPlan(plan);
    expect(all.filter((f) => f.code === "ID_DUPLICATE" || f.code === "LINE_UNKNOWN")).toEqual([...checkIds(plan), ...checkReferences(plan)].filter((f) => f.code === "ID_DUPLICATE" || f.code === "LINE_UNKNOWN"));
  });
});

describe("decoding the usual cells and the unusual ones alike", () => {
  const data = generatePlan(1, 2, 1);
  const base = rawPlan(data);
  const measures = base.tables.find((t) => t.name === "tblMeasures");
  if (!measures) throw new Error("no measures table");
  const kindColumn = measures.headers.findIndex((h) => h === "Kind");
  const kindCell = (row: number): string => `${String.fromCharCode(65 + measures.firstColumn + kindColumn)}${measures.headerRow + 2 + row}`;

  it.each([
    ["Count", "count"],
    ["count", "count"],
    ["  COUNT ", "count"],
    ["At least", "at-least"],
    ["at-least", "at-least"],
    [" To Be Agreed", "to-be-agreed"],
  ])("reads the kind %j as %s", (text, kind) => {
    const read = checkWorkbook(withCell(base, measures.sheet, kindCell(0), text));
    if (read.status !== "plan") throw new Error("not a plan");
    expect(read.plan.measures[0]?.kind).toBe(kind);
    expect(read.findings.filter((f) => f.code === "MEASURE_KIND_UNKNOWN")).toEqual([]);
  });

  it("still reports a kind it does not know", () => {
    const read = checkWorkbook(withCell(base, measures.sheet, kindCell(1), "Counts"));
    if (read.status !== "plan") throw new Error("not a plan");
    expect(read.plan.measures[1]?.kind).toBeNull();
    expect(read.findings.filter((f) => f.code === "MEASURE_KIND_UNKNOWN").map((f) => f.cell)).toEqual([kindCell(1)]);
  });
});
