#!/usr/bin/env node
// `npm start`: builds and serves the Grant Planner add-in on https://localhost:3000 with
// webpack-dev-server (configured in webpack.config.js), then says, once the pane answers,
// which certificate is in use and the ways to open it: file mode in a plain browser tab,
// Excel on the web, desktop Excel. Ctrl-C stops the server and this script together.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:https";
import { connect } from "node:net";
import { homedir } from "node:os";
import { createRequire } from "node:module";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const require = createRequire(import.meta.url);
const PORT = 3000;
const ORIGIN = `https://localhost:${PORT}`;
const PANE_URL = `${ORIGIN}/taskpane.html`;
/** The first build takes about ten seconds on a small machine; give a slow one plenty more. */
const READY_WITHIN_MS = 180_000;
const POLL_EVERY_MS = 500;

/** The same test webpack.config.js makes: office-addin-dev-certs files present, or not. */
function devCertsFolder() {
  const folder = join(homedir(), ".office-addin-dev-certs");
  const found = ["localhost.key", "localhost.crt", "ca.crt"].every((name) => existsSync(join(folder, name)));
  return found ? folder : null;
}

/** True when something already listens on the port (another `npm start`, most likely). */
function portTaken(port) {
  return new Promise((resolve) => {
    const socket = connect({ host: "localhost", port });
    socket.setTimeout(1000);
    socket.once("connect", () => {
      socket.destroy();
      resolve(true);
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve(false);
    });
    socket.once("error", () => resolve(false));
  });
}

/** One request for the pane page; certificate checks off, as the point is only "does it answer". */
function paneAnswers() {
  return new Promise((resolve) => {
    const req = request(PANE_URL, { rejectUnauthorized: false, timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.once("timeout", () => req.destroy());
    req.once("error", () => resolve(false));
    req.end();
  });
}

function banner(certFolder, seconds) {
  const certificate = certFolder
    ? [
        `Certificate: the office-addin-dev-certs certificate from ${certFolder}.`,
        "  It is trusted wherever `npx office-addin-dev-certs install` added its authority,",
        "  which desktop Excel needs.",
      ]
    : [
        "Certificate: a self-signed certificate: your browser will warn once; accept it at",
        `  ${PANE_URL}`,
        "  (Advanced > Proceed to localhost). Until you do, the pane stays blank inside Excel.",
      ];
  const lines = [
    `Grant Planner is served at ${ORIGIN} (ready in ${seconds} s).`,
    "",
    ...certificate,
    "",
    "File mode, no Excel needed: open this in a browser tab to plan on .xlsx files",
    `  ${PANE_URL}`,
    "  (New blank plan, Open the example, Open .xlsx..., Save .xlsx).",
    "",
    "Excel on the web (any computer): open a workbook, then",
    "  Insert > Add-ins > Upload My Add-in (newer ribbon: Home > Add-ins > More Add-ins >",
    `  Upload My Add-in) and choose ${join(root, "manifest.xml")}.`,
    "  The pane opens from Home > Grant Planner.",
    "",
    "Desktop Excel (Windows or Mac only): keep this running and, in a second terminal,",
    "  npm run start:desktop",
    "  (trusted certificates needed: see docs/running.md and docs/sideloading.md).",
    "",
    "Code changes reload the pane by themselves. Stop with Ctrl-C.",
  ];
  const width = Math.max(...lines.map((l) => l.length));
  const rule = "=".repeat(width);
  return `\n${rule}\n${lines.join("\n")}\n${rule}\n\n`;
}

async function main() {
  if (await portTaken(PORT)) {
    process.stderr.write(
      `npm start: port ${PORT} is already in use (another \`npm start\` still running?). ` +
        `Stop that program, then start again; the add-in's manifest expects ${ORIGIN}.\n`,
    );
    process.exit(1);
  }

  const certFolder = devCertsFolder();
  const started = Date.now();
  // webpack's own launcher run by this Node, the same on Windows, Mac and Linux.
  const webpack = spawn(process.execPath, [require.resolve("webpack/bin/webpack.js"), "serve", "--mode", "development"], {
    cwd: root,
    stdio: "inherit",
  });

  let stopping = false;
  let serverGone = false;
  const stop = (signal) => {
    stopping = true;
    if (!serverGone) webpack.kill(signal);
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  process.on("SIGHUP", () => stop("SIGTERM"));
  // npm runs this script through a shell; when npm itself is told to stop, the shell may go
  // without passing the signal on. A changed parent process means whoever started us is
  // gone: stop the server rather than leave it holding the port.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) stop("SIGTERM");
  }, 1000).unref();

  webpack.once("error", (error) => {
    serverGone = true;
    process.stderr.write(`npm start: could not start webpack (${error.message}); run \`npm install\` first.\n`);
    process.exit(1);
  });
  webpack.once("exit", (code, signal) => {
    serverGone = true;
    if (stopping) {
      process.stdout.write("\nGrant Planner dev server stopped.\n");
      process.exit(0);
    }
    process.stderr.write(`\nnpm start: the dev server ended (${signal ?? `exit code ${code}`}).\n`);
    process.exit(code === 0 ? 0 : 1);
  });

  while (!serverGone && !stopping) {
    if (await paneAnswers()) {
      process.stdout.write(banner(certFolder, ((Date.now() - started) / 1000).toFixed(1)));
      return;
    }
    if (Date.now() - started > READY_WITHIN_MS) {
      process.stderr.write(
        `\nnpm start: ${PANE_URL} has not answered after ${READY_WITHIN_MS / 1000} s; ` +
          "the messages above say why (a build error, most likely). The server keeps running; Ctrl-C stops it.\n",
      );
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_EVERY_MS));
  }
}

await main();
