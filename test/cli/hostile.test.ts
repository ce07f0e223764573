/**
 * `grant-planner check` on hostile and broken files (test/fixtures/hostile.ts): each gets
 * a clean answer (docs/producers.md, "Hostile files"): exit 2 with one line on stderr for a
 * file that cannot be read as a plan, or exit 0/1 with the right findings for a plan that
 * reads fine, and never a stack trace. Time and peak memory are the benchmark's business;
 * here each run only has a generous budget so that a hang fails instead of blocking.
 */
import { writeFileSync } from "node:fs";
import {
  basePlanBytes,
  DEV_ZERO,
  dashAndSpaces,
  FORGED_NAME_LINE,
  forgedGrantName,
  HUGE_STRING_BYTES,
  hugeAmount,
  HOSTILE_FILES,
  hugeString,
  settingsKeyOnLastRow,
  TARGET,
  WHOLE_SHEET,
  wholeSheetMerge,
  wholeSheetTable,
  wholeSheetValidation,
} from "../fixtures/hostile";
import { readZip } from "../fixtures/zip";
import { expectOneLineProblem, type Run, run, tempFolder } from "./helpers";

/** Making the file and checking it: seconds when all is well, a budget for a busy machine. */
const HOSTILE_MS = 60_000;

const folder = tempFolder();
afterAll(() => folder.cleanup());

let counter = 0;
async function checkFile(bytes: Uint8Array, ...flags: string[]): Promise<Run> {
  counter += 1;
  const path = folder.path(`hostile-${counter}.xlsx`);
  writeFileSync(path, bytes);
  return run("check", path, ...flags);
}

interface JsonFinding {
  readonly code: string;
  readonly severity: string;
  readonly sheet: string;
  readonly cell: string;
  readonly message: string;
}

interface JsonGrant {
  readonly id: string;
  readonly award: string | null;
  readonly allocated: string | null;
  readonly unallocated: string | null;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null;
}

const stringOrNull = (value: unknown): string | null => (typeof value === "string" ? value : null);

function parsed(result: Run): { grants: JsonGrant[]; findings: JsonFinding[] } {
  const json: unknown = JSON.parse(result.stdout);
  if (!isRecord(json) || !Array.isArray(json["grants"]) || !Array.isArray(json["findings"])) throw new Error("not check --json output");
  return {
    grants: json["grants"].filter(isRecord).map((g) => ({
      id: String(g["id"]),
      award: stringOrNull(g["award"]),
      allocated: stringOrNull(g["allocated"]),
      unallocated: stringOrNull(g["unallocated"]),
    })),
    findings: json["findings"].filter(isRecord).map((f) => ({
      code: String(f["code"]),
      severity: String(f["severity"]),
      sheet: String(f["sheet"]),
      cell: String(f["cell"]),
      message: String(f["message"]),
    })),
  };
}

/** C0 and C1 control characters other than the line feed, by code point. */
function controlCharacters(text: string): number[] {
  return [...text].map((ch) => ch.codePointAt(0) ?? 0).filter((code) => code !== 0x0a && (code < 0x20 || (code >= 0x7f && code <= 0x9f)));
}

const NO_STACK = /\bat .*:\d+:\d+|node:internal|Error: /;

/** The example plan these files start from: both grants allocated to the penny. */
const BASE_GRANTS: JsonGrant[] = [
  { id: "CRG", award: "332000.00", allocated: "332000.00", unallocated: "0.00" },
  { id: "VRP", award: "180000.00", allocated: "180000.00", unallocated: "0.00" },
];

/** The example's one finding, there by design: CRG-04's Q2 return is late (as at its own 2020/21-Q2). */
const LATE_RETURN = { code: "RETURN_MISSING", severity: "warning", sheet: "Lines", cell: "A5" } as const;

/** Where a finding is, without its wording. */
const located = (findings: readonly JsonFinding[]): { code: string; severity: string; sheet: string; cell: string }[] =>
  findings.map(({ code, severity, sheet, cell }) => ({ code, severity, sheet, cell }));

/** The plan exactly as the example is: the same grants, and the example's late return as its only finding. */
function expectBasePlan(result: Run): void {
  const { grants, findings } = parsed(result);
  expect(grants).toEqual(BASE_GRANTS);
  expect(located(findings)).toEqual([LATE_RETURN]);
  expect(findings[0]?.message).toContain("CRG-04");
}

describe("the plan the hostile files start from", () => {
  it(
    "checks clean but for the example's late return, so every other finding below comes from the hostile change",
    async () => {
      const result = await checkFile(await basePlanBytes(), "--json");
      expect(result.code).toBe(0);
      expectBasePlan(result);
    },
    HOSTILE_MS,
  );
});

describe("files that still read as the plan: the hostile part is bounded or not read", () => {
  it(
    `a table whose ref is ${WHOLE_SHEET}: read to the cells that exist, the same plan and no new findings`,
    async () => {
      const result = await checkFile(await wholeSheetTable(), "--json");
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.code).toBe(0);
      expectBasePlan(result);
    },
    HOSTILE_MS,
  );

  it(
    "data validation over the whole Lines sheet: not read (the plan does not need it), the same plan and no new findings",
    async () => {
      const result = await checkFile(await wholeSheetValidation(), "--json");
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.code).toBe(0);
      expectBasePlan(result);
    },
    HOSTILE_MS,
  );

  it(
    "a settings key on row 1,048,576: an extra key, read and ignored, the same plan and no new findings",
    async () => {
      const result = await checkFile(await settingsKeyOnLastRow(), "--json");
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.code).toBe(0);
      expectBasePlan(result);
    },
    HOSTILE_MS,
  );

  it(
    "a merged area over the whole Lines sheet: exit 1, MERGED_CELLS naming the area, its cells blank as Excel shows them",
    async () => {
      const result = await checkFile(await wholeSheetMerge(), "--json");
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.code).toBe(1);
      const { grants, findings } = parsed(result);
      const merged = findings.filter((f) => f.code === "MERGED_CELLS");
      expect(merged.map(({ sheet, cell }) => ({ sheet, cell }))).toEqual([{ sheet: "Lines", cell: "A1" }]);
      expect(merged[0]?.message).toContain(WHOLE_SHEET);
      // Only the merge's first cell keeps a value: no line is left, and no total pretends otherwise.
      expect(grants.map((g) => [g.id, g.award, g.allocated])).toEqual([
        ["CRG", "332000.00", "0.00"],
        ["VRP", "180000.00", "0.00"],
      ]);
      expect(findings.filter((f) => f.severity === "error").length).toBeGreaterThan(0);
    },
    HOSTILE_MS,
  );
});

describe("amounts built to be slow: one AMOUNT_NOT_A_NUMBER finding, CRG's total unknown, a short report", () => {
  const cases = [
    { name: "30,000 digits as text (within Excel's 32,767-character cell)", make: () => hugeAmount({ digits: 30_000, as: "text" }) },
    { name: '"-" followed by 5,000 spaces (a shared string)', make: () => dashAndSpaces() },
  ];
  it.each(cases)(
    "$name in CRG-01's Allocation",
    async ({ make }) => {
      const result = await checkFile(await make(), "--json");
      expect(result.stderr).not.toMatch(NO_STACK);
      expect(result.code).toBe(1);
      const { grants, findings } = parsed(result);
      expect(located(findings)).toEqual([{ code: "AMOUNT_NOT_A_NUMBER", severity: "error", ...TARGET.allocation }, LATE_RETURN]);
      // CRG's lines no longer add up to a known figure; VRP is untouched.
      expect(grants).toEqual([{ id: "CRG", award: "332000.00", allocated: null, unallocated: null }, BASE_GRANTS[1]]);
      // The report quotes at most a short piece of the cell, never all of it.
      expect(result.stdout.length).toBeLessThan(20_000);
    },
    HOSTILE_MS,
  );
});

describe("files that cannot be read as a plan: exit 2 and one line saying why", () => {
  it.each([
    { name: "a 200,000-digit number", make: () => hugeAmount() },
    { name: "200,000 digits as text", make: () => hugeAmount({ as: "text" }) },
  ])(
    "$name in CRG-01's Allocation: longer than any cell Excel can hold",
    async ({ make }) => {
      const result = await checkFile(await make(), "--json");
      expect(result.code).toBe(2);
      expectOneLineProblem(result);
    },
    HOSTILE_MS,
  );

  it(
    `a shared string of ${HUGE_STRING_BYTES / 10 / 1024 / 1024} MB (the benchmark uses ${HUGE_STRING_BYTES / 1024 / 1024} MB): longer than any cell Excel can hold`,
    async () => {
      const result = await checkFile(await hugeString(HUGE_STRING_BYTES / 10));
      expect(result.code).toBe(2);
      expectOneLineProblem(result);
    },
    HOSTILE_MS,
  );

  it(
    `check ${DEV_ZERO}: a device, not a file, refused before reading it`,
    async () => {
      const result = await run("check", DEV_ZERO);
      expect(result.code).toBe(2);
      expectOneLineProblem(result);
      expect(result.stderr).toContain(DEV_ZERO);
      // "it is a device, not an .xlsx file", "not a regular file": the reason, not a read error.
      expect(result.stderr).toMatch(/device|not a (regular |plain )?file/i);
    },
    HOSTILE_MS,
  );
});

describe("text from the workbook cannot forge the report", () => {
  it(
    'a grant name with line breaks, a carriage return and ANSI escapes cannot print "No findings" or move the cursor',
    async () => {
      const result = await checkFile(await forgedGrantName());
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      const lines = result.stdout.split("\n");
      // The only line breaks are the report's own; no other control character reaches the terminal.
      expect(controlCharacters(result.stdout)).toEqual([]);
      expect(lines.filter((line) => line.startsWith("No findings"))).toEqual([]);
      expect(lines.filter((line) => line.trim() === FORGED_NAME_LINE)).toEqual([]);
      expect(lines.filter((line) => /^Findings: \d+ errors?,/.test(line))).toHaveLength(1);
      expect(result.stdout).toContain("OVER_ALLOCATED");
      expect(result.stdout).toContain("Crime Reduction Grant 2020/21");
    },
    HOSTILE_MS,
  );
});

describe("the hostile files themselves", () => {
  it(
    "are small on disk, and the huge string really unpacks to its size",
    async () => {
      for (const file of HOSTILE_FILES) {
        const size = (await file.make("small")).byteLength;
        expect({ file: file.name, small: size < 512 * 1024 }).toEqual({ file: file.name, small: true });
      }
      const bytes = await hugeString(HUGE_STRING_BYTES / 10);
      const strings = readZip(bytes).get("xl/sharedStrings.xml");
      expect(strings?.byteLength).toBeGreaterThan(HUGE_STRING_BYTES / 10);
      expect(bytes.byteLength).toBeLessThan(HUGE_STRING_BYTES / 10 / 100);
    },
    HOSTILE_MS,
  );
});
