/**
 * The test command (scripts/test.mjs, its Jest runs in scripts/test-plan.mjs) runs the unit
 * suite on one worker pinned to one CPU core when Linux's taskset is there, so every
 * `npm test` proves the suite holds on a machine with a single free core; the heavy
 * programs' suites still run one file at a time. The plan is read without running it.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

const ROOT = join(__dirname, "..", "..");
const PLAN_MODULE = pathToFileURL(join(ROOT, "scripts", "test-plan.mjs")).href;

interface JestRun {
  readonly label: string;
  readonly command: string;
  readonly args: readonly string[];
  readonly report: string;
}

function isJestRun(value: unknown): value is JestRun {
  if (typeof value !== "object" || value === null) return false;
  const args: unknown = Reflect.get(value, "args");
  return (
    typeof Reflect.get(value, "label") === "string" &&
    typeof Reflect.get(value, "command") === "string" &&
    typeof Reflect.get(value, "report") === "string" &&
    Array.isArray(args) &&
    args.every((a) => typeof a === "string")
  );
}

/** `jestRuns(options)` from scripts/test-plan.mjs, called in a Node of its own (the module is ESM). */
function plan(options: Record<string, unknown>): JestRun[] {
  const script = `import { jestRuns, findTaskset } from ${JSON.stringify(PLAN_MODULE)};
const options = JSON.parse(process.argv[1]);
if (options.taskset === "found") options.taskset = findTaskset();
process.stdout.write(JSON.stringify(jestRuns(options)));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script, JSON.stringify({ root: ROOT, ...options })], { encoding: "utf8" });
  expect(r.stderr).toBe("");
  expect(r.status).toBe(0);
  const runs: unknown = JSON.parse(r.stdout);
  if (!Array.isArray(runs) || !runs.every(isJestRun)) throw new Error(`not a list of Jest runs: ${r.stdout}`);
  return runs;
}

const JEST = join(ROOT, "node_modules", ".bin", "jest");

describe("npm test's Jest runs", () => {
  test("with taskset, the unit project runs on one worker pinned to the first allowed core", () => {
    const [unit, programs] = plan({ taskset: "/usr/bin/taskset", cpu: "3" });
    expect(unit?.command).toBe("/usr/bin/taskset");
    expect(unit?.args).toEqual(["-c", "3", JEST, "--selectProjects", "unit", "--maxWorkers=1"]);
    expect(unit?.label).toContain("pinned to CPU 3");
    expect(unit?.report).toBe(join(ROOT, "build", "jest-results-unit.json"));
    expect(programs?.args).toEqual(["--selectProjects", "browser", "libreoffice", "--runInBand", "--passWithNoTests"]);
  });

  test("on this Linux machine taskset is found, so npm test here really pins the unit run", () => {
    expect(process.platform).toBe("linux");
    const [unit] = plan({ taskset: "found" });
    expect(unit?.command).toMatch(/(^|\/)taskset$/);
    expect(unit?.args.slice(0, 2)).toEqual(["-c", expect.stringMatching(/^\d+$/)]);
    expect(unit?.args).toContain("--maxWorkers=1");
  });

  test("without taskset (Mac, Windows) the unit project uses two workers and says why", () => {
    const [unit] = plan({ taskset: null });
    expect(unit?.command).toBe(JEST);
    expect(unit?.args).toEqual(["--selectProjects", "unit", "--maxWorkers=2"]);
    expect(unit?.label).toContain("no taskset");
  });

  test("the test command's own arguments reach both runs", () => {
    const runs = plan({ taskset: "/usr/bin/taskset", cpu: "0", extra: ["-t", "over-allocated"] });
    expect(runs).toHaveLength(2);
    for (const run of runs) expect(run.args.slice(-2)).toEqual(["-t", "over-allocated"]);
  });
});
