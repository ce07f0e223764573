#!/usr/bin/env node
// `npm run bench`: builds the command line as `npm install` does (scripts/build-cli.mjs), so
// the CLI figures are for the code as it is now, bundles the TypeScript benchmark with
// esbuild and runs it. Arguments name sections to run: `npm run bench -- core cli hostile browser`.
import { build } from "esbuild";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = spawnSync(process.execPath, [join(root, "scripts", "build-cli.mjs")], { cwd: root, stdio: "inherit" });
if (cli.status !== 0) process.exit(cli.status ?? 1);

const outfile = join(root, "build", "bench.cjs");
await build({
  entryPoints: [join(root, "scripts", "bench", "bench.ts")],
  bundle: true,
  platform: "node",
  target: "node20",
  format: "cjs",
  outfile,
  external: ["exceljs", "decimal.js", "fflate", "esbuild", "playwright-core"],
  logLevel: "warning",
});
// Writing the 50,000-line plan with exceljs needs more than Node's default heap; the
// programs measured run in processes of their own with Node's defaults.
const r = spawnSync(process.execPath, ["--max-old-space-size=6144", outfile, ...process.argv.slice(2)], { cwd: root, stdio: "inherit" });
process.exit(r.status ?? 1);
