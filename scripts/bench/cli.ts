/**
 * The command line against LibreOffice: the 10,000-line plan written to an .xlsx file the
 * way `grant-planner init` writes plans (the .xlsx host), then, runs interleaved so that a
 * busy machine slows both alike:
 *  - LibreOffice opening and converting the file (the yardstick; see ./libreoffice.ts);
 *  - `grant-planner check plan.xlsx --json` as a new process, whatever reader the CLI uses;
 *  - the same read + decode + check in this process through the .xlsx host, for reference.
 * Goal: the CLI faster than LibreOffice (ratio < 1). Then a 50,000-line plan checked once,
 * with the CLI's peak memory (goal: under 300 MB).
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { PlanData } from "../../src/plan/template";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { type ChildRun, median, megabytes, ratio, row, runMeasured, type Timing, time, verdict } from "./measure";
import { libreOfficeConverter } from "./libreoffice";

export const CLI_GOAL_RATIO = 1;
export const CLI_GOAL_PEAK_BYTES = 300 * 1024 * 1024;
const RUNS = 3;
/** A check that takes longer than this is a failure to report, not a figure to wait for. */
const CHECK_TIMEOUT_MS = 300_000;

export const CLI_BIN = join(process.cwd(), "bin", "grant-planner.js");

async function writePlan(data: PlanData, file: string): Promise<Uint8Array> {
  const book = XlsxWorkbook.empty();
  const setup = setupChanges(await book.read(), data, "bench", "Grant Planner bench");
  const outcome = await book.apply(setup.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  const bytes = await book.toBuffer();
  writeFileSync(file, bytes);
  return bytes;
}

export function checkWithCli(file: string): Promise<ChildRun> {
  return runMeasured(process.execPath, [CLI_BIN, "check", file, "--json"], { timeoutMs: CHECK_TIMEOUT_MS });
}

export function describeRun(run: ChildRun): string {
  const how = run.timedOut ? `killed after ${(run.wallMs / 1000).toFixed(0)} s` : run.exitCode === null ? String(run.signal) : `exit ${run.exitCode}`;
  const peak = run.peakRssBytes === null ? "peak memory unknown" : `peak ${megabytes(run.peakRssBytes)} (${run.rssSource})`;
  return `${how}, ${peak}`;
}

function timingOf(label: string, runs: readonly ChildRun[]): Timing {
  return { label, medianMs: median(runs.map((r) => r.wallMs)), runs: runs.length };
}

export async function benchCli(plan10k: PlanData, plan50k: () => PlanData): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "grant-planner-bench-"));
  try {
    const file = join(dir, "plan.xlsx");
    const bytes = await writePlan(plan10k, file);
    console.log(`\nCLI beside LibreOffice (${plan10k.lines.length.toLocaleString("en-GB")}-line plan, .xlsx of ${megabytes(statSync(file).size)})`);

    const lo = await libreOfficeConverter(file);
    const cliRuns: ChildRun[] = [];
    const loRuns: ChildRun[] = [];
    try {
      for (let i = 0; i < RUNS; i++) {
        loRuns.push(await lo.convert(file));
        cliRuns.push(await checkWithCli(file));
      }
    } finally {
      lo.close();
    }
    const inProcess = await time("xlsx host in-process: open + read + decode + check", RUNS, async () => {
      const opened = await XlsxWorkbook.fromBuffer(bytes);
      const result = checkWorkbook(await opened.read());
      if (result.status !== "plan") throw new Error(result.reason);
    });

    const libreOffice = timingOf("LibreOffice: soffice --headless --convert-to csv (new process)", loRuns);
    const cli = timingOf("cli: grant-planner check plan.xlsx --json (new process)", cliRuns);
    console.log(row(libreOffice));
    console.log(row(cli, libreOffice, "LibreOffice"));
    console.log(row(inProcess, libreOffice, "LibreOffice"));
    const lastCli = cliRuns[cliRuns.length - 1];
    const lastLo = loRuns[loRuns.length - 1];
    if (lastCli) console.log(`  (cli: ${describeRun(lastCli)}${lastCli.exitCode !== 0 ? `: ${lastCli.stderrFirstLine}` : ""})`);
    if (lastLo) console.log(`  (LibreOffice: ${describeRun(lastLo)})`);
    const r = ratio(cli, libreOffice);
    console.log(`  goal: cli check faster than LibreOffice (ratio < ${CLI_GOAL_RATIO}) → ${r.toFixed(2)}, ${verdict(r < CLI_GOAL_RATIO)}`);

    const big = plan50k();
    const bigFile = join(dir, "plan-50k.xlsx");
    await writePlan(big, bigFile);
    const bigRun = await checkWithCli(bigFile);
    console.log(`\nCLI at ${big.lines.length.toLocaleString("en-GB")} lines (.xlsx of ${megabytes(statSync(bigFile).size)}, ${big.measures.length.toLocaleString("en-GB")} measures)`);
    console.log(`  cli: grant-planner check --json: ${(bigRun.wallMs / 1000).toFixed(2)} s, ${describeRun(bigRun)}`);
    const peak = bigRun.peakRssBytes;
    console.log(
      `  goal: peak memory under ${megabytes(CLI_GOAL_PEAK_BYTES)} → ${peak === null ? "not measured" : `${megabytes(peak)}, ${verdict(peak < CLI_GOAL_PEAK_BYTES && (bigRun.exitCode === 0 || bigRun.exitCode === 1))}`}`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
