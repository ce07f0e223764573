/**
 * The development server `npm start` runs (webpack-dev-server, configured in
 * webpack.config.js) answers this machine only:
 *  - every socket it listens on is bound to a loopback address, never to all interfaces,
 *    so nobody else on the network can fetch the pane or its source maps;
 *  - it sends no `Access-Control-Allow-Origin` header, so a web page from another origin
 *    cannot read what it serves, even from this machine's browser.
 *
 * The server is started the way scripts/start.mjs starts it (webpack's own launcher,
 * `serve --mode development`), on a free port picked by the system instead of 3000 so that
 * this test never collides with a person's running `npm start`. Which sockets it listens
 * on is read from the kernel (/proc), by the server process's own open sockets.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import type { IncomingHttpHeaders } from "node:http";
import { request } from "node:https";
import { probePort } from "../support/probe";
import { networkInterfaces } from "node:os";
import { join } from "node:path";
import { ROOT } from "./harness";

/** A development build takes 5–10 s on a 2-core machine; a loaded one far longer. */
const READY_WITHIN_MS = 180_000;

interface Listening {
  /** The address as the kernel shows it, e.g. "127.0.0.1" or "::". */
  readonly address: string;
  readonly port: number;
}

let server: ChildProcess | undefined;
let output = "";
let listening: readonly Listening[] = [];

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}

/** "0100007F" (a little-endian IPv4 word from /proc/net/tcp) → "127.0.0.1". */
function ipv4FromProc(hex: string): string {
  const bytes = [0, 2, 4, 6].map((i) => parseInt(hex.slice(i, i + 2), 16));
  return bytes.reverse().join(".");
}

/** 32 hex digits from /proc/net/tcp6 (four little-endian 32-bit words) → "::1", "::", "::ffff:127.0.0.1"… */
function ipv6FromProc(hex: string): string {
  const bytes: number[] = [];
  for (let word = 0; word < 4; word++) {
    const w = hex.slice(word * 8, word * 8 + 8);
    for (let i = 6; i >= 0; i -= 2) bytes.push(parseInt(w.slice(i, i + 2), 16));
  }
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] ?? 0) << 8) | (bytes[i + 1] ?? 0)).toString(16));
  if (groups.slice(0, 5).every((g) => g === "0") && groups[5] === "ffff") return `::ffff:${bytes.slice(12).join(".")}`;
  const full = groups.join(":");
  // Shorten the longest run of zero groups, enough for the addresses this test meets.
  const runs = full.match(/(^|:)0(:0)+(:|$)/g);
  if (runs === null) return full;
  const longest = runs.reduce((a, b) => (b.length > a.length ? b : a));
  return full.replace(longest, "::");
}

/** The TCP sockets process `pid` listens on, read from /proc (Linux). */
function listeningSockets(pid: number): Listening[] {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const target = readlinkSync(`/proc/${pid}/fd/${fd}`);
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match?.[1] !== undefined) inodes.add(match[1]);
    } catch {
      // The descriptor closed while we looked.
    }
  }
  const found: Listening[] = [];
  for (const [file, decode] of [
    ["/proc/net/tcp", ipv4FromProc],
    ["/proc/net/tcp6", ipv6FromProc],
  ] as const) {
    if (!existsSync(file)) continue;
    for (const line of readFileSync(file, "utf8").split("\n").slice(1)) {
      const fields = line.trim().split(/\s+/);
      const [local, state, inode] = [fields[1], fields[3], fields[9]];
      if (local === undefined || state !== "0A" || inode === undefined || !inodes.has(inode)) continue; // 0A: LISTEN
      const [addressHex, portHex] = local.split(":");
      if (addressHex === undefined || portHex === undefined) continue;
      found.push({ address: decode(addressHex), port: parseInt(portHex, 16) });
    }
  }
  return found;
}

function isLoopback(address: string): boolean {
  return address === "::1" || /^127\./.test(address) || /^::ffff:127\./.test(address);
}

/** One GET with certificate checks off (the dev server's certificate is self-signed). */
function get(url: string, headers: Record<string, string>): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { rejectUnauthorized: false, timeout: 30_000, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      res.on("error", reject);
    });
    req.once("timeout", () => req.destroy(new Error(`GET ${url} timed out`)));
    req.once("error", reject);
    req.end();
  });
}

function stopServer(): void {
  const pid = server?.pid;
  if (pid === undefined || server?.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    // Already gone.
  }
}
process.once("exit", stopServer);

beforeAll(async () => {
  if (!existsSync("/proc/net/tcp")) throw new Error("this test reads listening sockets from /proc: it needs Linux");
  const child = spawn(process.execPath, [join(ROOT, "node_modules", "webpack", "bin", "webpack.js"), "serve", "--mode", "development", "--port", "0"], {
    cwd: ROOT,
    detached: true, // its own process group, ended as a whole afterwards
    stdio: ["ignore", "pipe", "pipe"],
  });
  server = child;
  child.stdout?.setEncoding("utf8");
  child.stderr?.setEncoding("utf8");
  child.stdout?.on("data", (chunk: string) => (output += chunk));
  child.stderr?.on("data", (chunk: string) => (output += chunk));
  const pid = child.pid;
  if (pid === undefined) throw new Error("webpack serve did not start");

  const end = Date.now() + READY_WITHIN_MS;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`webpack serve ended early\n${output.slice(-3000)}`);
    listening = listeningSockets(pid);
    const port = listening[0]?.port;
    // Listening is not enough: the pane page answers once the first build is done.
    if (port !== undefined && (await get(`https://localhost:${port}/taskpane.html`, {}).catch(() => null))?.status === 200) break;
    if (Date.now() > end) throw new Error(`the dev server did not serve the pane within ${READY_WITHIN_MS / 1000} s\n${output.slice(-3000)}`);
    await sleep(500);
  }
}, READY_WITHIN_MS + 30_000);

afterAll(async () => {
  stopServer();
  await sleep(200);
  process.removeListener("exit", stopServer);
});

describe("the development server (npm start)", () => {
  test("listens on loopback addresses only", async () => {
    expect(listening.length).toBeGreaterThan(0);
    expect(listening.filter((s) => !isLoopback(s.address))).toEqual([]);
    const port = listening[0]?.port ?? 0;
    expect(await probePort("127.0.0.1", port, 3000)).toBe("open");
    // And from the outside: this machine's own network addresses find nothing on the port.
    const external = Object.values(networkInterfaces())
      .flatMap((list) => list ?? [])
      .filter((i) => !i.internal && i.family === "IPv4")
      .map((i) => i.address);
    for (const address of external) expect(`${address}: ${await probePort(address, port, 3000)}`).toBe(`${address}: refused`);
  });

  test("sends no Access-Control-Allow-Origin header, even to a request from another origin", async () => {
    const port = listening[0]?.port ?? 0;
    for (const path of ["/taskpane.html", "/manifest.xml", "/taskpane.js"]) {
      const res = await get(`https://localhost:${port}${path}`, { Origin: "https://example.org" });
      expect(`${path}: ${res.status}`).toBe(`${path}: 200`);
      expect(res.headers["access-control-allow-origin"]).toBeUndefined();
    }
  });
});
