/**
 * Jest, three projects run by one command (`npm test`):
 *  - unit:        everything under test/ except the two below; @swc/jest, node or jsdom per file.
 *  - browser:     test/e2e, the production build driven in Debian Chromium by playwright-core.
 *  - libreoffice: test/libreoffice, workbooks recalculated headless by LibreOffice.
 *
 * Time budgets: Jest's own 5 s default never decides. Each project has a budget per test and
 * per hook (`TEST_BUDGET_MS`, applied by test/support/budget.ts before every test file) sized
 * for a loaded 2-core machine, with the unit project pinned to one core (see scripts/test.mjs,
 * which proves it on every run). A test file may give itself a larger budget with
 * jest.setTimeout; a single slow test or hook takes its own as the last argument.
 */
const transform = {
  "^.+\\.(t|j)sx?$": [
    "@swc/jest",
    {
      jsc: {
        parser: { syntax: "typescript", tsx: true },
        transform: { react: { runtime: "automatic" } },
        target: "es2020",
      },
      module: { type: "commonjs" },
    },
  ],
};
const shared = {
  testEnvironment: "node",
  transform,
  moduleFileExtensions: ["ts", "tsx", "js", "json"],
  testMatch: ["**/*.test.ts", "**/*.test.tsx"],
  setupFilesAfterEnv: ["<rootDir>/test/support/budget.ts"],
};

/** Budget per test and per hook, in milliseconds, by project. */
const TEST_BUDGET_MS = {
  // Pane tests render Fluent UI in jsdom: 1–2 s each alone, several times that on one busy core.
  unit: 30_000,
  // Each starts or drives Chromium; a cold start on a loaded machine takes tens of seconds.
  browser: 120_000,
  // One LibreOffice run takes about 1 s warm and up to a minute cold (RECALC_TIMEOUT_MS).
  libreoffice: 120_000,
};

module.exports = {
  // The fallback for anything a project's own budget does not reach.
  testTimeout: TEST_BUDGET_MS.unit,
  projects: [
    {
      ...shared,
      displayName: "unit",
      globals: { TEST_BUDGET_MS: TEST_BUDGET_MS.unit },
      roots: ["<rootDir>/test"],
      testPathIgnorePatterns: ["/node_modules/", "<rootDir>/test/e2e/", "<rootDir>/test/libreoffice/"],
    },
    { ...shared, displayName: "browser", globals: { TEST_BUDGET_MS: TEST_BUDGET_MS.browser }, roots: ["<rootDir>/test/e2e"] },
    { ...shared, displayName: "libreoffice", globals: { TEST_BUDGET_MS: TEST_BUDGET_MS.libreoffice }, roots: ["<rootDir>/test/libreoffice"] },
  ],
};
