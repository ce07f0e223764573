/**
 * The plan reader beside exceljs (the way the .xlsx host read plans before) on generated
 * plans of 10,000 and 50,000 lines with four measures a line: each read runs in a fresh
 * process, which reports its wall time and peak RSS.
 *
 *   npx esbuild scripts/bench/planReader.ts --bundle --platform=node --target=node20 \
 *     --external:exceljs --external:decimal.js --outfile=build/planReader.cjs
 *   node build/planReader.cjs [lines…]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import type { RawWorkbook } from "../../src/plan/raw";
import { readPlanPackage, streamInflater } from "../../src/xlsx/read";
import { nodeInflater } from "../../src/xlsx/read/nodeInflate";
import { foreignPlan } from "../../test/fixtures/workbooks";
import { generatePlan } from "../../test/support/generate";
import { readWithExceljs } from "../../test/xlsx/read/exceljsReference";

const READERS: Record<string, (bytes: Uint8Array) => Promise<RawWorkbook>> = {
  "plan reader, node:zlib": (bytes) => readPlanPackage(bytes, { inflate: nodeInflater() }),
  "plan reader, DecompressionStream": (bytes) => readPlanPackage(bytes, { inflate: streamInflater() }),
  exceljs: readWithExceljs,
};

async function child(reader: string, file: string): Promise<void> {
  const read = READERS[reader];
  if (read === undefined) throw new Error(`no reader ${reader}`);
  const bytes = new Uint8Array(readFileSync(file));
  const start = performance.now();
  const raw = await read(bytes);
  const ms = performance.now() - start;
  const cells = raw.tables.reduce((n, t) => n + t.rows.length * t.headers.length, 0);
  console.log(JSON.stringify({ ms, cells, peakMB: process.resourceUsage().maxRSS / 1024 }));
}

async function main(): Promise<void> {
  const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
  const dir = mkdtempSync(join(tmpdir(), "grant-planner-reader-"));
  try {
    for (const lines of sizes.length > 0 ? sizes : [10_000, 50_000]) {
      const file = join(dir, `plan-${lines}.xlsx`);
      const bytes = await foreignPlan({}, generatePlan(lines, 4, 10));
      writeFileSync(file, bytes);
      console.log(`\n${lines.toLocaleString("en-GB")} lines (${(bytes.byteLength / 1048576).toFixed(1)} MB file)`);
      for (const reader of Object.keys(READERS)) {
        const run = spawnSync(process.execPath, [process.argv[1] ?? "", "--child", reader, file], { encoding: "utf8", maxBuffer: 1 << 24 });
        const line = run.stdout.trim().split("\n").pop() ?? "";
        if (run.status !== 0 || !line.startsWith("{")) {
          console.log(`  ${reader.padEnd(34)} failed: ${(run.stderr.split("\n")[0] ?? "").slice(0, 120)}`);
          continue;
        }
        const { ms, cells, peakMB } = JSON.parse(line) as { ms: number; cells: number; peakMB: number };
        console.log(`  ${reader.padEnd(34)} ${ms.toFixed(0).padStart(7)} ms  peak RSS ${peakMB.toFixed(0).padStart(5)} MB  (${cells.toLocaleString("en-GB")} cells)`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const [, , flag, reader, file] = process.argv;
(flag === "--child" && reader !== undefined && file !== undefined ? child(reader, file) : main()).catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
