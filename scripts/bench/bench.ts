/**
 * `npm run bench`: every figure side by side with its yardstick, in one run, with the goals
 * (issue 6) judged on the spot. Figures are medians measured in this run on this machine.
 *
 *  1. core: a plan of 10,000 lines and 40,000 measures with 160,000 returns, decode +
 *     check, beside a plain decode of the same cells (./core.ts); goal within 2×;
 *  2. cli: `grant-planner check` of that plan as an .xlsx file beside LibreOffice converting
 *     the same file (goal ratio < 1), and the CLI's peak memory at 50,000 lines (goal under
 *     300 MB) (./cli.ts);
 *  3. hostile: every hostile file and /dev/zero through `grant-planner check`: exit code,
 *     time, peak memory (./hostile.ts);
 *  4. browser: the production pane in Chromium, bundle sizes and time to interactive
 *     (./browser.ts);
 *  5. progress: the same plan with 160,000 quarterly returns, progress figures beside a
 *     float loop over the same cells (goal under 300 ms), and a submission of 50 returns
 *     (goal one write batch) (./progress.ts).
 *
 * `npm run bench -- core cli` runs only the sections named.
 */
import { setupChanges } from "../../src/plan/actions";
import type { RawWorkbook } from "../../src/plan/raw";
import { MemoryWorkbook } from "../../src/workbook/memory";
import { generatePlan } from "../../test/support/generate";
import { benchBrowser } from "./browser";
import { benchCli } from "./cli";
import { benchCore } from "./core";
import { benchHostile } from "./hostile";
import { benchProgress, withReturns } from "./progress";

const LINES = 10_000;
const BIG_LINES = 50_000;
const MEASURES_PER_LINE = 4;
const GRANTS = 10;
const SECTIONS = ["core", "cli", "hostile", "browser", "progress"] as const;
type Section = (typeof SECTIONS)[number];

function isSection(name: string): name is Section {
  return SECTIONS.some((s) => s === name);
}

function chosenSections(args: readonly string[]): readonly Section[] {
  const named = args.filter((a) => !a.startsWith("-"));
  const unknown = named.filter((a) => !isSection(a));
  if (unknown.length > 0) throw new Error(`unknown bench section ${unknown.join(", ")}; choose from ${SECTIONS.join(", ")}`);
  const chosen = named.filter(isSection);
  return chosen.length > 0 ? chosen : SECTIONS;
}

async function main(): Promise<void> {
  const sections = chosenSections(process.argv.slice(2));
  const started = Date.now();
  const data = generatePlan(LINES, MEASURES_PER_LINE, GRANTS);
  console.log(
    `Plan: ${data.grants.length} grants, ${data.lines.length.toLocaleString("en-GB")} lines, ${data.measures.length.toLocaleString("en-GB")} measures ` +
      `(node ${process.version}, ${process.platform}; sections: ${sections.join(", ")})`,
  );

  if (sections.includes("core")) {
    const memory = new MemoryWorkbook();
    // Every quarter's returns are in, so the plan is checked as a plan in use is (no return
    // missing); the floor decodes the same cells, returns included.
    const setup = setupChanges(await memory.read(), withReturns(data), "bench", "Grant Planner bench");
    await memory.apply(setup.changes);
    const raw: RawWorkbook = await memory.read();
    await benchCore(raw);
  }
  if (sections.includes("cli")) await benchCli(data, () => generatePlan(BIG_LINES, MEASURES_PER_LINE, GRANTS));
  if (sections.includes("hostile")) await benchHostile();
  if (sections.includes("browser")) await benchBrowser();
  if (sections.includes("progress")) await benchProgress(data);
  console.log(`\nBench done in ${((Date.now() - started) / 1000).toFixed(0)} s.`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
