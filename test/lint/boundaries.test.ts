/**
 * Proves the architecture rules in eslint.config.mjs really fire: the planning core
 * cannot pull in hosts or UI, the task pane cannot bundle exceljs, and only the Office.js
 * host may use the global `Excel`.
 *
 * ESLint loads its flat config with a native `import()`, which Jest's module sandbox does
 * not allow, so the ESLint Node API runs in a child Node process that lints every case
 * below in one go and hands back the reported rule ids as JSON.
 */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";

const PROJECT_ROOT = resolve(__dirname, "..", "..");
const CONFIG_FILE = join(PROJECT_ROOT, "eslint.config.mjs");

interface LintCase {
  readonly filePath: string;
  readonly code: string;
}

const LINT_WITH_NODE_API = `
import { readFileSync } from "node:fs";
import { ESLint } from "eslint";
const { configFile, cases } = JSON.parse(readFileSync(0, "utf8"));
const eslint = new ESLint({ cwd: process.cwd(), overrideConfigFile: configFile });
const results = [];
for (const { filePath, code } of cases) {
  const [result] = await eslint.lintText(code, { filePath });
  results.push(result.messages.map((m) => m.ruleId ?? "fatal: " + m.message));
}
process.stdout.write(JSON.stringify(results));
`;

function isRuleIdLists(value: unknown): value is string[][] {
  return (
    Array.isArray(value) &&
    value.every((entry) => Array.isArray(entry) && entry.every((id) => typeof id === "string"))
  );
}

function lintAll(cases: readonly LintCase[]): string[][] {
  const run = spawnSync(process.execPath, ["--input-type=module", "-e", LINT_WITH_NODE_API], {
    cwd: PROJECT_ROOT,
    input: JSON.stringify({
      configFile: CONFIG_FILE,
      cases: cases.map((c) => ({ ...c, filePath: join(PROJECT_ROOT, c.filePath) })),
    }),
    encoding: "utf8",
    timeout: 60_000,
  });
  if (run.status !== 0) throw new Error(`ESLint probe failed: ${run.stderr}`);
  const parsed: unknown = JSON.parse(run.stdout);
  if (!isRuleIdLists(parsed) || parsed.length !== cases.length) {
    throw new Error(`ESLint probe returned unexpected output: ${run.stdout}`);
  }
  return parsed;
}

const RESTRICTED_IMPORT = "@typescript-eslint/no-restricted-imports";
const EXCEL_GLOBAL = "no-restricted-syntax";

const EXCEL_RUN = [
  "export async function probe(): Promise<void> {",
  "  await Excel.run(async (context) => {",
  "    await context.sync();",
  "  });",
  "}",
  "",
].join("\n");
const EXCEL_TYPE = "export function width(range: Excel.Range): number {\n  return range.columnCount;\n}\n";
const SYNC_IN_LOOP = [
  "export async function probe(names: string[]): Promise<void> {",
  "  await Excel.run(async (context) => {",
  "    for (const name of names) {",
  "      const sheet = context.workbook.worksheets.getItem(name);",
  '      sheet.load("name");',
  "      await context.sync();",
  "    }",
  "  });",
  "}",
  "",
].join("\n");

interface Expectation {
  readonly title: string;
  readonly lintCase: LintCase;
  /** Rule that must be reported, or null when the code must lint clean. */
  readonly reports: string | null;
}

/** Imports the planning core must not make: [code that imports it, module]. */
const PLAN_FORBIDDEN: readonly (readonly [string, string])[] = [
  ['import ExcelJS from "exceljs";\nexport const book = new ExcelJS.Workbook();\n', "exceljs"],
  ['import { useState } from "react";\nexport const hook = useState;\n', "react"],
  ['import { createRoot } from "react-dom/client";\nexport const r = createRoot;\n', "react-dom/client"],
  ['import { Button } from "@fluentui/react-components";\nexport const b = Button;\n', "@fluentui/react-components"],
  ['import "@microsoft/office-js";\nexport const x = 1;\n', "@microsoft/office-js"],
  ['import { host } from "../excel/host";\nexport const h = host;\n', "../excel/host"],
  ['import { read } from "../xlsx/read";\nexport const r = read;\n', "../xlsx/read"],
  ['import type { WorkbookPort } from "../workbook/port";\nexport type P = WorkbookPort;\n', "../workbook/port"],
];

const EXPECTATIONS: readonly Expectation[] = [
  // The planning core stays pure.
  ...PLAN_FORBIDDEN.map(
    ([code, name]): Expectation => ({
      title: `src/plan importing ${name} is reported`,
      lintCase: { filePath: "src/plan/boundaryProbe.ts", code },
      reports: RESTRICTED_IMPORT,
    }),
  ),
  {
    title: "src/plan importing decimal.js and its own modules is allowed",
    lintCase: {
      filePath: "src/plan/boundaryProbe.ts",
      code: 'import Decimal from "decimal.js";\nimport { x } from "./money";\nexport const d = new Decimal(x);\n',
    },
    reports: null,
  },
  // The task pane keeps exceljs out of its bundle.
  {
    title: "src/taskpane importing exceljs statically is reported",
    lintCase: { filePath: "src/taskpane/boundaryProbe.ts", code: 'import ExcelJS from "exceljs";\nexport const e = ExcelJS;\n' },
    reports: RESTRICTED_IMPORT,
  },
  {
    title: "src/taskpane loading exceljs with a dynamic import is allowed",
    lintCase: {
      filePath: "src/taskpane/boundaryProbe.ts",
      code: 'export async function openFile(): Promise<unknown> {\n  return import("exceljs");\n}\n',
    },
    reports: null,
  },
  // Only src/excel uses the global Excel API.
  {
    title: "Excel.run in src/taskpane is reported",
    lintCase: { filePath: "src/taskpane/boundaryProbe.ts", code: EXCEL_RUN },
    reports: EXCEL_GLOBAL,
  },
  {
    title: "an Excel.Range type in src/taskpane is reported",
    lintCase: { filePath: "src/taskpane/boundaryProbe.ts", code: EXCEL_TYPE },
    reports: EXCEL_GLOBAL,
  },
  {
    title: "Excel.run in src/plan is reported",
    lintCase: { filePath: "src/plan/boundaryProbe.ts", code: EXCEL_RUN },
    reports: EXCEL_GLOBAL,
  },
  {
    title: "Excel.run in src/excel is allowed",
    lintCase: { filePath: "src/excel/boundaryProbe.ts", code: EXCEL_RUN },
    reports: null,
  },
  {
    title: "an Excel.Range type in src/excel is allowed",
    lintCase: { filePath: "src/excel/boundaryProbe.ts", code: EXCEL_TYPE },
    reports: null,
  },
  // Office.js batching and the house rule against `any`.
  {
    title: "context.sync() inside a loop in src/excel is reported",
    lintCase: { filePath: "src/excel/boundaryProbe.ts", code: SYNC_IN_LOOP },
    reports: "office-addins/no-context-sync-in-loop",
  },
  {
    title: "an explicit any in src/plan is reported",
    lintCase: { filePath: "src/plan/boundaryProbe.ts", code: "export const loose: any = 1;\n" },
    reports: "@typescript-eslint/no-explicit-any",
  },
  {
    title: "an explicit any in test/ is reported",
    lintCase: { filePath: "test/plan/boundaryProbe.test.ts", code: "export const loose: any = 1;\n" },
    reports: "@typescript-eslint/no-explicit-any",
  },
];

describe("architecture lint rules", () => {
  let reported: string[][] = [];

  beforeAll(() => {
    reported = lintAll(EXPECTATIONS.map((e) => e.lintCase));
  }, 60_000);

  it.each(EXPECTATIONS.map((e, index) => [e.title, index] as const))("%s", (_title, index) => {
    const expectation = EXPECTATIONS[index];
    const ruleIds = reported[index];
    if (expectation === undefined || ruleIds === undefined) throw new Error(`no lint result for case ${index}`);
    if (expectation.reports === null) {
      expect(ruleIds).toEqual([]);
    } else {
      expect(ruleIds).toContain(expectation.reports);
    }
  });
});
