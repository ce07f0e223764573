/**
 * CLI part of the benchmark: the same plan written to an .xlsx file, then read and
 * checked in-process through the .xlsx host and end to end through `grant-planner check`.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setupChanges } from "../../src/plan/actions";
import { checkWorkbook } from "../../src/plan/checks";
import type { PlanData } from "../../src/plan/template";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { row, time, type Timing } from "./measure";

export async function benchCli(data: PlanData, floor: Timing): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "grant-planner-bench-"));
  try {
    const file = join(dir, "plan.xlsx");
    const book = XlsxWorkbook.empty();
    const setup = setupChanges(await book.read(), data, "bench", "Grant Planner bench");
    const outcome = await book.apply(setup.changes);
    if (!outcome.ok) throw new Error(outcome.message);
    const bytes = await book.toBuffer();
    writeFileSync(file, bytes);
    console.log(`\n.xlsx file: ${(statSync(file).size / 1024 / 1024).toFixed(2)} MB`);

    const inProcess = await time("xlsx host: open + read + decode + check (in-process)", 3, async () => {
      const opened = await XlsxWorkbook.fromBuffer(bytes);
      const result = checkWorkbook(await opened.read());
      if (result.status !== "plan") throw new Error(result.reason);
    });
    const bin = join(process.cwd(), "bin", "grant-planner.js");
    let exitCode: number | null = null;
    const cli = await time("cli: grant-planner check plan.xlsx --json (new process)", 3, () => {
      const r = spawnSync(process.execPath, [bin, "check", file, "--json"], { encoding: "utf8", maxBuffer: 256 * 1024 * 1024 });
      exitCode = r.status;
    });
    console.log(row(inProcess, floor));
    console.log(row(cli, floor));
    console.log(`  (cli exit code ${String(exitCode)})`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
