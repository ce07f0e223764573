#!/usr/bin/env node
// The one test command: type check, lint, then every Jest suite. Ends with the plain line
// "N passed, N failed" counted from Jest's JSON report (all suites together).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const bin = (name) => join(root, "node_modules", ".bin", name);
const run = (label, cmd, args) => {
  process.stdout.write(`\n== ${label}\n`);
  const r = spawnSync(cmd, args, { cwd: root, stdio: "inherit" });
  return r.status === 0;
};

const steps = [];
steps.push(["type check", run("type check (tsc --noEmit)", bin("tsc"), ["-p", "tsconfig.json", "--noEmit"])]);
steps.push(["lint", run("lint (eslint src test)", bin("eslint"), ["src", "test"])]);

mkdirSync(join(root, "build"), { recursive: true });
const report = join(root, "build", "jest-results.json");
rmSync(report, { force: true });
run("jest", bin("jest"), ["--json", `--outputFile=${report}`, ...process.argv.slice(2)]);

let passed = 0;
let failed = 0;
if (existsSync(report)) {
  const results = JSON.parse(readFileSync(report, "utf8"));
  passed = results.numPassedTests;
  failed = results.numFailedTests;
  // A suite that fails to load has no failing test of its own: count it once.
  failed += results.testResults.filter((s) => s.status === "failed" && s.assertionResults.length === 0).length;
  if (results.numPendingTests > 0 || results.numTodoTests > 0) {
    process.stdout.write(`\n${results.numPendingTests + results.numTodoTests} skipped or todo tests: none are allowed\n`);
    failed += results.numPendingTests + results.numTodoTests;
  }
} else {
  failed += 1;
  process.stdout.write("\nJest wrote no report\n");
}
for (const [label, ok] of steps) {
  if (!ok) {
    process.stdout.write(`${label} failed\n`);
    failed += 1;
  }
}
process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
process.exit(failed === 0 ? 0 : 1);
