#!/usr/bin/env node
// Bundles the command line (src/cli/index.ts and the pure core) into build/cli.js for
// bin/grant-planner.js. exceljs and decimal.js stay external: they are dependencies.
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outfile = join(root, "build", "cli.js");
mkdirSync(dirname(outfile), { recursive: true });

try {
  await build({
    absWorkingDir: root,
    entryPoints: [join(root, "src", "cli", "index.ts")],
    outfile,
    bundle: true,
    platform: "node",
    target: "node20",
    format: "cjs",
    external: ["exceljs", "decimal.js"],
    sourcemap: false,
    logLevel: "warning",
  });
} catch {
  // esbuild has already printed what went wrong.
  process.exit(1);
}
