#!/usr/bin/env node
"use strict";
// The grant-planner command. The program itself is bundled into build/cli.js when the
// package is installed (npm's "prepare" step runs scripts/build-cli.mjs).
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const cli = join(__dirname, "..", "build", "cli.js");
if (!existsSync(cli)) {
  process.stderr.write(
    `grant-planner: the command line is not built yet; run \`npm install\` (or \`node scripts/build-cli.mjs\`) in ${join(__dirname, "..")}\n`,
  );
  process.exit(2);
}
require(cli);
