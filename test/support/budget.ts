/**
 * Gives every test and hook of a file its project's time budget (`globals.TEST_BUDGET_MS` in
 * jest.config.js) instead of Jest's 5 s default, which a busy machine overruns. Loaded by
 * Jest before each test file (setupFilesAfterEnv); a file may still ask for more.
 */
const budget: unknown = Reflect.get(globalThis, "TEST_BUDGET_MS");
if (typeof budget !== "number" || !Number.isFinite(budget) || budget <= 0) {
  throw new Error("jest.config.js gives this project no TEST_BUDGET_MS: every project needs a time budget");
}
jest.setTimeout(budget);

export {};
