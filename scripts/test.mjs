#!/usr/bin/env node
// The one test command (`npm test`):
//   1. system packages: Chromium and LibreOffice from apt when missing (scripts/system-deps.sh);
//   2. type check and lint;
//   3. Jest in two runs, so the heavy suites never fight over the CPU:
//        - unit, spread over two workers;
//        - browser (Chromium) then LibreOffice, one test file at a time (--runInBand): each
//          already starts a big program of its own.
// Ends with the plain line "N passed, N failed", counted from both of Jest's JSON reports.
// Extra arguments go to both Jest runs, e.g. `npm test -- -t "over-allocated"`.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (label, cmd, args) => {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  process.stdout.write(`== ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return r.status === 0;
};

const steps = [];
steps.push(["system packages (Chromium, LibreOffice)", run("system packages (scripts/system-deps.sh)", "bash", [join(root, "scripts", "system-deps.sh")])]);
steps.push(["type check", run("type check (tsc --noEmit)", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"])]);
steps.push(["lint", run("lint (eslint src test)", bin("eslint"), ["src", "test"])]);

mkdirSync(join(root, "build"), { recursive: true });
const extra = process.argv.slice(2);
const jestRuns = [
  {
    label: "jest: unit",
    report: join(root, "build", "jest-results-unit.json"),
    args: ["--selectProjects", "unit", "--maxWorkers=2"],
  },
  {
    label: "jest: browser and LibreOffice, one file at a time",
    report: join(root, "build", "jest-results-programs.json"),
    // A filter given on the command line may leave nothing to run here; that is not a failure.
    args: ["--selectProjects", "browser", "libreoffice", "--runInBand", "--passWithNoTests"],
  },
];

let passed = 0;
let failed = 0;
for (const { label, report, args } of jestRuns) {
  rmSync(report, { force: true });
  run(label, bin("jest"), [...args, "--json", `--outputFile=${report}`, ...extra]);
  if (!existsSync(report)) {
    failed += 1;
    process.stdout.write(`\n${label}: Jest wrote no report\n`);
    continue;
  }
  const results = JSON.parse(readFileSync(report, "utf8"));
  passed += results.numPassedTests;
  failed += results.numFailedTests;
  // A suite that fails to load has no failing test of its own: count it once.
  failed += results.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  const skipped = results.numPendingTests + results.numTodoTests;
  if (skipped > 0) {
    process.stdout.write(`\n${label}: ${skipped} skipped or todo tests: none are allowed\n`);
    failed += skipped;
  }
}
for (const [label, ok] of steps) {
  if (!ok) {
    process.stdout.write(`${label} failed\n`);
    failed += 1;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
