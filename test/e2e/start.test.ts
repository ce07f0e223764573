/**
 * The README's "run" command, as a person runs it: `npm start` (scripts/start.mjs) builds
 * the pane with webpack-dev-server and serves it on https://localhost:3000, prints a banner
 * that says what to do next, serves the pane and the manifest, works in file mode in a
 * browser tab, and stops with Ctrl-C leaving port 3000 free.
 *
 * The script runs in its own process group, as in a terminal, so Ctrl-C (SIGINT to the
 * whole group) reaches both it and webpack. Nothing else on port 3000 is ever touched:
 * when the port is already taken the test fails and says so.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { request } from "node:https";
import { probePort } from "../support/probe";
import { homedir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { launchChromium, newPaneContext, type PaneContext, ROOT, screenshot } from "./harness";
import { cardFigures, CRG, FILE, toolbar, VRP, waitForPlanCards } from "./panePage";

jest.setTimeout(60_000);

const PORT = 3000;
const ORIGIN = `https://localhost:${PORT}`;
const PANE_URL = `${ORIGIN}/taskpane.html`;
/** The first development build takes about 5 s on a 2-core machine; allow a slow one far more. */
const BANNER_WITHIN_MS = 120_000;
/** Ctrl-C to a process group with nothing left and the port closed. */
const STOPPED_WITHIN_MS = 20_000;

interface Started {
  readonly child: ChildProcess;
  /** The process group's id (the child's pid: it leads its own group). */
  readonly group: number;
  /** Resolves with the exit code and signal once `node scripts/start.mjs` has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

let started: Started | undefined;
let browser: Browser | undefined;
let stdout = "";
let stderr = "";
let bannerSeconds = 0;

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** `promise`'s value, or null when it has not settled within `ms` (the timer is cleared either way). */
async function settledWithin<T>(promise: Promise<T>, ms: number): Promise<T | null> {
  let timer: NodeJS.Timeout | undefined;
  try {
    return await Promise.race([promise, new Promise<null>((done) => (timer = setTimeout(() => done(null), ms)))]);
  } finally {
    clearTimeout(timer);
  }
}

/** The last part of what the script printed, for failure messages. */
function output(): string {
  const tail = (text: string) => (text.length > 3000 ? `…${text.slice(-3000)}` : text);
  return `--- stdout ---\n${tail(stdout)}\n--- stderr ---\n${tail(stderr)}`;
}

/** True while any process of the group is alive (signal 0 only asks). */
function groupAlive(group: number): boolean {
  try {
    process.kill(-group, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** SIGKILL to the whole group, if anything of it is left. */
function killGroup(group: number): void {
  if (!groupAlive(group)) return;
  try {
    process.kill(-group, "SIGKILL");
  } catch {
    // Gone between the check and the kill.
  }
}

/** Polls until `probe` is true; false after `timeoutMs`. */
async function within(timeoutMs: number, probe: () => boolean | Promise<boolean>): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > end) return false;
    await sleep(200);
  }
}

/** One GET with certificate checks off (the dev server's certificate is self-signed). */
function get(url: string): Promise<{ status: number; type: string; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 30_000 }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, type: String(res.headers["content-type"] ?? ""), body }));
      res.on("error", reject);
    });
    req.once("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.once("error", reject);
    req.end();
  });
}

/** The office-addin-dev-certs folder when all three files are there (the test start.mjs and webpack.config.js make). */
function devCertsFolder(): string | null {
  const folder = join(homedir(), ".office-addin-dev-certs");
  return ["localhost.key", "localhost.crt", "ca.crt"].every((name) => existsSync(join(folder, name))) ? folder : null;
}

/** The banner: from "Grant Planner is served at" to the rule after "Stop with Ctrl-C.". */
const BANNER = /Grant Planner is served at [\s\S]*?Stop with Ctrl-C\.\n=+\n/;

function running(): Started {
  if (started === undefined) throw new Error(`npm start did not start (see beforeAll)\n${output()}`);
  return started;
}

// A safety net should Jest end without afterAll (a crash): never leave a server behind.
const killOnExit = (): void => {
  if (started !== undefined) killGroup(started.group);
};
process.once("exit", killOnExit);

beforeAll(async () => {
  for (const host of ["127.0.0.1", "localhost"]) {
    if ((await probePort(host, PORT)) === "open") {
      throw new Error(
        `Port ${PORT} is already in use on ${host} (another \`npm start\`?). This test runs \`npm start\` itself and needs the port free; ` +
          "stop the other program and run the test again. Nothing was stopped.",
      );
    }
  }

  const child = spawn(process.execPath, [join(ROOT, "scripts", "start.mjs")], {
    cwd: ROOT,
    detached: true, // its own process group, as a terminal gives a foreground job
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (child.pid === undefined) throw new Error("node scripts/start.mjs did not start");
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => {
    child.once("exit", (code, signal) => done({ code, signal }));
  });
  started = { child, group: child.pid, exited };
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => (stdout += chunk));
  child.stderr?.on("data", (chunk: string) => (stderr += chunk));

  const t0 = Date.now();
  let gone = false;
  void exited.then(() => (gone = true));
  const ready = await within(BANNER_WITHIN_MS, () => gone || BANNER.test(stdout));
  if (gone && !BANNER.test(stdout)) throw new Error(`npm start exited before printing its banner\n${output()}`);
  if (!ready) throw new Error(`npm start printed no banner within ${BANNER_WITHIN_MS / 1000} s\n${output()}`);
  bannerSeconds = (Date.now() - t0) / 1000;

  browser = await launchChromium();
}, BANNER_WITHIN_MS + 60_000);

afterAll(async () => {
  await browser?.close().catch(() => undefined);
  if (started !== undefined) {
    const { group, exited } = started;
    if (groupAlive(group)) {
      killGroup(group);
      await settledWithin(exited, 5000);
      await within(5000, () => !groupAlive(group));
    }
  }
  process.removeListener("exit", killOnExit);
}, 30_000);

describe("npm start", () => {
  test("prints a banner: the file-mode URL, the certificate in use, Upload My Add-in and npm run start:desktop", () => {
    running();
    const banner = BANNER.exec(stdout)?.[0] ?? "";
    expect(banner).toMatch(/^Grant Planner is served at https:\/\/localhost:3000 \(ready in \d+(\.\d)? s\)\./);
    // File mode: the line after "File mode" is the pane's URL.
    expect(banner).toMatch(/File mode, no Excel needed:[^\n]*\n {2}https:\/\/localhost:3000\/taskpane\.html\n/);

    const certs = devCertsFolder();
    if (certs === null) {
      expect(banner).toMatch(/Certificate: a self-signed certificate[^\n]*\n {2}https:\/\/localhost:3000\/taskpane\.html\n/);
    } else {
      expect(banner).toContain(`Certificate: the office-addin-dev-certs certificate from ${certs}.`);
    }

    expect(banner).toContain("Upload My Add-in");
    expect(banner).toContain(`choose ${join(ROOT, "manifest.xml")}.`);
    expect(banner).toMatch(/\n {2}npm run start:desktop\n/);
    expect(banner).toContain("Stop with Ctrl-C.");
    // Said once, and nothing on stderr says it failed.
    expect(stdout.match(/Grant Planner is served at/g)?.length).toBe(1);
    expect(stderr).not.toMatch(/npm start:/);
  });

  test("serves the pane and the manifest on https://localhost:3000", async () => {
    running();
    const pane = await get(PANE_URL);
    expect(pane.status).toBe(200);
    expect(pane.type).toMatch(/^text\/html/);
    expect(pane.body).toContain("appsforoffice.microsoft.com/lib/1/hosted/office.js");

    const manifest = await get(`${ORIGIN}/manifest.xml`);
    expect(manifest.status).toBe(200);
    expect(manifest.body).toContain("<OfficeApp");
    expect(manifest.body).toContain(PANE_URL);
  });

  test("the file-mode URL in Chromium: Open the example shows £332,000.00 and £180,000.00", async () => {
    running();
    if (browser === undefined) throw new Error("Chromium did not start (see beforeAll)");
    let pane: PaneContext | undefined;
    const errors: string[] = [];
    try {
      pane = await newPaneContext(browser, { origin: ORIGIN }, { officeJs: "local", ignoreHTTPSErrors: true });
      const page: Page = await pane.context.newPage();
      page.on("pageerror", (error) => errors.push(error.message));
      await page.goto(PANE_URL, { timeout: 60_000 });
      const openExample = toolbar(page).getByRole("button", { name: FILE.openExample, exact: true });
      await openExample.waitFor({ timeout: 30_000 });
      await openExample.click();
      await waitForPlanCards(page);
      expect((await cardFigures(page, CRG)).award).toBe("£332,000.00");
      expect((await cardFigures(page, VRP)).award).toBe("£180,000.00");
      await screenshot(page, "start-01-file-mode-example");
      // office.js came from the npm package, and nothing else tried to leave the machine.
      expect(pane.officeFiles.length).toBeGreaterThan(0);
      expect(pane.blocked).toEqual([]);
      expect(errors).toEqual([]);
    } finally {
      await pane?.context.close();
    }
  });

  test("Ctrl-C stops it: the process group ends and port 3000 is free again", async () => {
    const { group, exited } = running();
    const t0 = Date.now();
    process.kill(-group, "SIGINT");
    const exit = await settledWithin(exited, STOPPED_WITHIN_MS);
    if (exit === null) throw new Error(`npm start was still running ${STOPPED_WITHIN_MS / 1000} s after Ctrl-C\n${output()}`);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stdout).toContain("Grant Planner dev server stopped.");

    // webpack too: no process of the group is left.
    expect(await within(STOPPED_WITHIN_MS, () => !groupAlive(group))).toBe(true);
    const stoppedIn = (Date.now() - t0) / 1000;
    expect(await probePort("127.0.0.1", PORT)).toBe("refused");
    expect(await probePort("localhost", PORT)).not.toBe("open");
    console.info(`npm start: banner after ${bannerSeconds.toFixed(1)} s; stopped ${stoppedIn.toFixed(1)} s after Ctrl-C`);
  });
});
