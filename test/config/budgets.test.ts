/**
 * Time budgets: no test in any project is left to Jest's 5 s default, which a loaded
 * 2-core machine overruns (jest.config.js, test/support/budget.ts). The one-core run in
 * scripts/test.mjs shows the budgets hold; this shows they are in place.
 */
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");
const JEST_DEFAULT_MS = 5_000;

interface ProjectConfig {
  readonly displayName?: unknown;
  readonly globals?: Readonly<Record<string, unknown>>;
  readonly setupFilesAfterEnv?: readonly unknown[];
}

function isProject(value: unknown): value is ProjectConfig {
  return typeof value === "object" && value !== null;
}

function loadProjects(): ProjectConfig[] {
  // The configuration Jest itself loads: a CommonJS module.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const config: unknown = require(join(ROOT, "jest.config.js"));
  const projects: unknown = typeof config === "object" && config !== null ? Reflect.get(config, "projects") : undefined;
  if (!Array.isArray(projects)) throw new Error("jest.config.js has no projects list");
  return projects.filter(isProject);
}

describe("test time budgets", () => {
  const projects = loadProjects();

  test("every project has a budget well above Jest's default, applied before each test file", () => {
    expect(projects.map((p) => p.displayName)).toEqual(["unit", "browser", "libreoffice"]);
    for (const project of projects) {
      const budget = project.globals?.["TEST_BUDGET_MS"];
      expect(typeof budget).toBe("number");
      expect(Number(budget)).toBeGreaterThanOrEqual(6 * JEST_DEFAULT_MS);
      expect(project.setupFilesAfterEnv).toContain("<rootDir>/test/support/budget.ts");
    }
  });

  test("programs that start Chromium or LibreOffice get more time than unit tests", () => {
    const budget = (name: string): number => Number(projects.find((p) => p.displayName === name)?.globals?.["TEST_BUDGET_MS"]);
    expect(budget("browser")).toBeGreaterThan(budget("unit"));
    expect(budget("libreoffice")).toBeGreaterThan(budget("unit"));
  });

  test("this file (unit project) runs under the unit budget, not Jest's 5 s", () => {
    // jest.setTimeout stores the budget under this well-known symbol (jest-runtime, jest-circus).
    const applied: unknown = Reflect.get(globalThis, Symbol.for("TEST_TIMEOUT_SYMBOL"));
    const unit = projects.find((p) => p.displayName === "unit")?.globals?.["TEST_BUDGET_MS"];
    expect(typeof applied).toBe("number");
    expect(applied).toBe(unit);
    expect(applied).not.toBe(JEST_DEFAULT_MS);
  });
});
