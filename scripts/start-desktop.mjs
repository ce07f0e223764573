#!/usr/bin/env node
// `npm run start:desktop`: sideloads Grant Planner into desktop Excel on Windows or Mac with
// Microsoft's office-addin-debugging, which registers manifest.xml, makes sure the dev server
// runs (`npm start`) and opens Excel with the add-in. `npm run start:desktop -- --stop`
// removes the sideloaded add-in again.
//
// office-addin-debugging is optional and not in package.json: it does not support Linux and
// its dependencies build native code (keytar, which needs libsecret). Install it only where
// desktop Excel is: npm install --no-save office-addin-debugging
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const manifest = join(root, "manifest.xml");
const INSTALL = "npm install --no-save office-addin-debugging";
const stopping = process.argv.includes("--stop");

function say(lines) {
  process.stdout.write(`${lines.join("\n")}\n`);
}

if (process.platform !== "win32" && process.platform !== "darwin") {
  say([
    "Desktop Excel exists only for Windows and Mac, so there is nothing to sideload into on this machine.",
    "",
    "Use Excel on the web instead (any operating system, any browser):",
    "  1. npm start            (keep it running)",
    "  2. open a workbook at office.com (or SharePoint / OneDrive)",
    "  3. Insert > Add-ins > Upload My Add-in, and choose",
    `     ${manifest}`,
    "",
    "Or, without Excel at all, open https://localhost:3000/taskpane.html in a browser tab",
    "and work on .xlsx files (file mode). Details: docs/running.md.",
  ]);
  process.exit(1);
}

const binary = join(root, "node_modules", ".bin", process.platform === "win32" ? "office-addin-debugging.cmd" : "office-addin-debugging");
if (!existsSync(binary)) {
  say([
    "Sideloading into desktop Excel uses Microsoft's office-addin-debugging, which is not installed.",
    "It is optional (not in package.json); install it once in this folder with:",
    "",
    `  ${INSTALL}`,
    "",
    "then run `npm run start:desktop` again.",
    "Or sideload by hand (shared folder catalog on Windows, the wef folder on Mac): docs/sideloading.md.",
  ]);
  process.exit(1);
}

if (stopping) {
  const stop = spawnSync(binary, ["stop", manifest], { cwd: root, stdio: "inherit", shell: process.platform === "win32" });
  process.exit(stop.status ?? 1);
}

const certs = join(homedir(), ".office-addin-dev-certs");
if (!["localhost.key", "localhost.crt", "ca.crt"].every((name) => existsSync(join(certs, name)))) {
  say([
    "Desktop Excel only loads add-ins served with a certificate your computer trusts, and none is installed yet.",
    "Install one (it asks for administrator rights once), then run `npm run start:desktop` again:",
    "",
    "  npx office-addin-dev-certs install",
    "",
    "If `npm start` is already running, restart it afterwards so that it uses the new certificate.",
  ]);
  process.exit(1);
}

say([
  "Sideloading Grant Planner into desktop Excel with office-addin-debugging.",
  "It starts the dev server (npm start) if it is not running yet, then opens Excel;",
  "the pane is under Home > Grant Planner. To remove the add-in later: npm run start:desktop -- --stop",
  "",
]);
const start = spawnSync(
  binary,
  ["start", manifest, "desktop", "--app", "excel", "--dev-server", "npm start", "--dev-server-port", "3000"],
  { cwd: root, stdio: "inherit", shell: process.platform === "win32" },
);
process.exit(start.status ?? 1);
