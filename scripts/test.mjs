#!/usr/bin/env node
// The one test command (`npm test`):
//   1. system packages: Chromium, LibreOffice and poppler-utils from apt when missing (scripts/system-deps.sh);
//   2. type check and lint;
//   3. Jest in two runs, so the heavy suites never fight over the CPU:
//        - unit, one worker pinned to a single CPU core (`taskset`, Linux): the proof, on every
//          run, that the unit suite and its time budgets (jest.config.js) hold on a machine
//          with one free core. Measured on a loaded 2-core machine, a separate pinned run
//          beside the two-worker run would have added as much again as the unit run itself
//          (95 s on two workers, 185 s pinned, the same CPU seconds), so the unit run is the
//          pinned run. Without taskset (Mac, Windows) it uses two workers and says so;
//        - browser (Chromium) then LibreOffice, one test file at a time (--runInBand): each
//          already starts a big program of its own.
// Ends with the plain line "N passed, N failed", counted from both of Jest's JSON reports.
// Extra arguments go to both Jest runs, e.g. `npm test -- -t "over-allocated"`.
// The Jest runs themselves are described in scripts/test-plan.mjs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { jestRuns } from "./test-plan.mjs";

const root = fileURLToPath(new URL("..", import.meta.url));
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (label, cmd, args) => {
  process.stdout.write(`\n== ${label}\n`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  process.stdout.write(`== ${label}: ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  return r.status === 0;
};

const runs = jestRuns({ root, extra: process.argv.slice(2) });

const steps = [];
steps.push(["system packages (Chromium, LibreOffice, poppler-utils)", run("system packages (scripts/system-deps.sh)", "bash", [join(root, "scripts", "system-deps.sh")])]);
steps.push(["type check", run("type check (tsc --noEmit)", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"])]);
steps.push(["lint", run("lint (eslint src test)", bin("eslint"), ["src", "test"])]);

mkdirSync(join(root, "build"), { recursive: true });

let passed = 0;
let failed = 0;
for (const { label, report, command, args } of runs) {
  rmSync(report, { force: true });
  run(label, command, [...args, "--json", `--outputFile=${report}`]);
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
