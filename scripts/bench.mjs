#!/usr/bin/env node
// `npm run bench`: bundles the TypeScript benchmark with esbuild and runs it.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { join } from "node:path";

const root = new URL("..", import.meta.url).pathname;
const outfile = join(root, "build", "bench.cjs");
await build({
  entryPoints: [join(root, "scripts", "bench", "bench.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  outfile,
  external: ["exceljs", "decimal.js", "esbuild", "playwright-core"],
  logLevel: "warning",
});
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
