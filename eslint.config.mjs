/**
 * ESLint (flat config) for Grant Planner.
 *
 * Besides the usual TypeScript rules it enforces the architecture in docs (DESIGN §2):
 *  - src/plan is the pure core: no Office, React, Fluent UI or exceljs, and no host folders;
 *  - the task pane never imports exceljs statically (file mode loads it with `import()`),
 *    so the Excel pane bundle stays small;
 *  - only the Office.js host (src/excel) talks to the global `Excel` API;
 *  - Office.js batching rules (load before read, sync before read, no sync in a loop)
 *    from eslint-plugin-office-addins apply to all product code.
 */
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";
import officeAddins from "eslint-plugin-office-addins";

const TS_FILES = ["**/*.ts", "**/*.tsx", "**/*.mts", "**/*.cts"];

/** Everything the pure planning core must not depend on. */
const PLAN_FORBIDDEN_IMPORTS = [
  {
    group: ["office-js", "office-js/**", "@microsoft/office-js", "@microsoft/office-js/**"],
    message: "src/plan is the pure core: it must not use Office.js (put host code in src/excel).",
  },
  {
    group: ["react", "react/**", "react-dom", "react-dom/**", "@fluentui/*", "@fluentui/**"],
    message: "src/plan is the pure core: it must not use React or Fluent UI (put UI code in src/taskpane).",
  },
  {
    group: ["exceljs", "exceljs/**"],
    message: "src/plan is the pure core: it must not use exceljs (put .xlsx code in src/xlsx).",
  },
  {
    group: [
      "**/workbook",
      "**/workbook/**",
      "**/excel",
      "**/excel/**",
      "**/xlsx",
      "**/xlsx/**",
      "**/taskpane",
      "**/taskpane/**",
      "**/cli",
      "**/cli/**",
      "**/commands",
      "**/commands/**",
    ],
    message: "src/plan depends on nothing but itself and decimal.js; hosts depend on the plan, not the other way round.",
  },
];

/** Ways code can reach the Office.js `Excel` namespace: calls, member access, types. */
const EXCEL_GLOBAL_MESSAGE =
  "Only the Office.js host (src/excel) may use the global `Excel`; go through the workbook port instead.";
const EXCEL_GLOBAL_SELECTORS = [
  "MemberExpression[object.type='Identifier'][object.name='Excel']",
  "TSQualifiedName[left.type='Identifier'][left.name='Excel']",
  "TSTypeQuery[exprName.type='Identifier'][exprName.name='Excel']",
  "CallExpression > Identifier.arguments[name='Excel']",
  "VariableDeclarator > Identifier.init[name='Excel']",
];

const OFFICE_ADDINS_RULES = {
  "office-addins/call-sync-after-load": "error",
  "office-addins/call-sync-before-read": "error",
  "office-addins/load-object-before-read": "error",
  "office-addins/no-context-sync-in-loop": "error",
  "office-addins/no-empty-load": "error",
  "office-addins/no-navigational-load": "error",
  "office-addins/no-office-initialize": "error",
  "office-addins/test-for-null-using-isNullObject": "error",
};

export default defineConfig(
  {
    ignores: ["dist/**", "build/**", "coverage/**", "test-artifacts/**", "node_modules/**", "bin/**"],
  },

  // TypeScript everywhere (src and test).
  {
    files: TS_FILES,
    extends: [js.configs.recommended, tseslint.configs.recommended, tseslint.configs.strict],
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: "module",
      parserOptions: { ecmaFeatures: { jsx: true } },
    },
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_" }],
    },
  },

  // Office.js batching rules for product code (not for tests, which use fakes).
  {
    files: ["src/**/*.ts", "src/**/*.tsx"],
    plugins: { "office-addins": { rules: officeAddins.rules } },
    rules: OFFICE_ADDINS_RULES,
  },

  // Only the Office.js host touches the global Excel API (tests of that host may fake it).
  {
    files: ["src/**/*.ts", "src/**/*.tsx", "test/**/*.ts", "test/**/*.tsx"],
    ignores: ["src/excel/**", "test/excel/**", "test/e2e/**"],
    rules: {
      "no-restricted-syntax": [
        "error",
        ...EXCEL_GLOBAL_SELECTORS.map((selector) => ({ selector, message: EXCEL_GLOBAL_MESSAGE })),
      ],
    },
  },

  // The planning core stays pure.
  {
    files: ["src/plan/**/*.ts", "src/plan/**/*.tsx"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": ["error", { patterns: PLAN_FORBIDDEN_IMPORTS }],
    },
  },

  // The task pane loads exceljs only on demand (dynamic import), never in the Excel bundle.
  {
    files: ["src/taskpane/**/*.ts", "src/taskpane/**/*.tsx"],
    rules: {
      "no-restricted-imports": "off",
      "@typescript-eslint/no-restricted-imports": [
        "error",
        {
          patterns: [
            {
              group: ["exceljs", "exceljs/**"],
              allowTypeImports: true,
              message:
                "The task pane must not import exceljs statically; load file mode with `await import(...)` so Excel users do not download it.",
            },
          ],
        },
      ],
    },
  },
);
