/**
 * Benchmarks for the plan core and the CLI: a plan of 10,000 lines and 40,000 measures,
 * decoded and checked in the core and through the CLI on an .xlsx file, beside a plain
 * float-sum loop over the same amounts (the floor); then the production pane in Chromium
 * (bundle sizes, time to an interactive plan view). Figures are medians measured in this run.
 */
import { checkWorkbook } from "../../src/plan/checks";
import type { RawWorkbook } from "../../src/plan/raw";
import { setupChanges } from "../../src/plan/actions";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { generatePlan } from "../../test/support/generate";
import { row, time } from "./measure";
import { benchBrowser } from "./browser";
import { benchCli } from "./cli";

const LINES = 10_000;
const MEASURES_PER_LINE = 4;

async function main(): Promise<void> {
  const data = generatePlan(LINES, MEASURES_PER_LINE, 10);
  const memory = new MemoryWorkbook();
  const setup = setupChanges(await memory.read(), data, "bench", "Grant Planner bench");
  await memory.apply(setup.changes);
  const raw: RawWorkbook = await memory.read();
  const lines = raw.tables.find((t) => t.name === "tblLines");
  if (!lines) throw new Error("bench plan has no lines table");
  const allocationIndex = lines.headers.indexOf("Allocation");

  console.log(`Plan: ${data.grants.length} grants, ${data.lines.length} lines, ${data.measures.length} measures (node ${process.version})`);

  let floorTotal = 0;
  const floor = await time("floor: float sum of the same allocations", 21, () => {
    let total = 0;
    for (const r of lines.rows) {
      const v = r[allocationIndex];
      if (typeof v === "number") total += v;
    }
    floorTotal = total;
  });
  let findings = -1;
  const core = await time("core: decode + check (checkWorkbook)", 11, () => {
    const result = checkWorkbook(raw);
    findings = result.status === "plan" ? result.findings.length : -1;
  });
  console.log(row(floor));
  console.log(row(core, floor));
  console.log(`  (float total ${floorTotal.toFixed(2)}; findings ${findings}; aim: core under 100 ms → ${core.medianMs < 100 ? "met" : "NOT met"})`);

  await benchCli(data, floor);
  await benchBrowser();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
