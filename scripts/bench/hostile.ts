/**
 * Hostile and broken files (test/fixtures/hostile.ts makes them, full size) and /dev/zero,
 * each given to `grant-planner check` as a new process: exit code, wall time and peak
 * memory. Goals (issue: "a clean answer, bounded time and memory"): a clean refusal (exit 2)
 * or an honest report (exit 0 or 1) — never a crash, a V8 out-of-memory abort or a hang —
 * within HOSTILE_GOAL_MS and under HOSTILE_GOAL_PEAK_BYTES.
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEV_ZERO, HOSTILE_FILES } from "../../test/fixtures/hostile";
import { CLI_BIN, describeRun } from "./cli";
import { type ChildRun, megabytes, runMeasured, verdict } from "./measure";

export const HOSTILE_GOAL_MS = 10_000;
export const HOSTILE_GOAL_PEAK_BYTES = 300 * 1024 * 1024;
/** A hang is reported as such after this long. */
const HOSTILE_TIMEOUT_MS = 120_000;

/** A clean answer: a plan read (0 or 1) or the file refused with a reason (2). Anything else is a crash. */
function cleanAnswer(run: ChildRun): boolean {
  return run.exitCode === 0 || run.exitCode === 1 || (run.exitCode === 2 && run.stderrFirstLine.startsWith("grant-planner:"));
}

function onDisk(bytes: number): string {
  return bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(0)} KB` : megabytes(bytes);
}

function line(name: string, size: string, run: ChildRun): string {
  const met = cleanAnswer(run) && run.wallMs <= HOSTILE_GOAL_MS && run.peakRssBytes !== null && run.peakRssBytes <= HOSTILE_GOAL_PEAK_BYTES;
  const peak = run.peakRssBytes === null ? "?" : megabytes(run.peakRssBytes);
  const exit = run.timedOut ? "hang" : run.exitCode === null ? String(run.signal) : String(run.exitCode);
  return `  ${name.padEnd(32)} ${size.padStart(10)} ${exit.padStart(6)} ${`${(run.wallMs / 1000).toFixed(2)} s`.padStart(10)} ${peak.padStart(10)}  ${verdict(met)}`;
}

export async function benchHostile(): Promise<void> {
  console.log(`\nHostile files: grant-planner check <file> (goal: exit 0/1/2 with a reason, within ${HOSTILE_GOAL_MS / 1000} s, under ${megabytes(HOSTILE_GOAL_PEAK_BYTES)})`);
  console.log(`  ${"file".padEnd(32)} ${"on disk".padStart(10)} ${"exit".padStart(6)} ${"time".padStart(10)} ${"peak RSS".padStart(10)}  goal`);
  const dir = mkdtempSync(join(tmpdir(), "grant-planner-bench-hostile-"));
  const reasons: string[] = [];
  try {
    for (const hostile of HOSTILE_FILES) {
      const file = join(dir, `${hostile.name.replace(/[^a-z0-9]+/gi, "-")}.xlsx`);
      writeFileSync(file, await hostile.make("full"));
      const run = await runMeasured(process.execPath, [CLI_BIN, "check", file], { timeoutMs: HOSTILE_TIMEOUT_MS });
      console.log(line(hostile.name, onDisk(statSync(file).size), run));
      reasons.push(`${hostile.name}: ${describeRun(run)}${run.stderrFirstLine === "" ? "" : ` — ${run.stderrFirstLine.slice(0, 160)}`}`);
      rmSync(file, { force: true });
    }
    const zero = await runMeasured(process.execPath, [CLI_BIN, "check", DEV_ZERO], { timeoutMs: HOSTILE_TIMEOUT_MS });
    console.log(line(DEV_ZERO, "endless", zero));
    reasons.push(`${DEV_ZERO}: ${describeRun(zero)}${zero.stderrFirstLine === "" ? "" : ` — ${zero.stderrFirstLine.slice(0, 160)}`}`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  console.log("  what each said:");
  for (const r of reasons) console.log(`    ${r}`);
}
