/**
 * Measuring helpers for benchmarks: medians of repeated runs printed side by side with a
 * floor, and child processes measured from outside (exit code, wall time, peak memory).
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { killGroupAfter } from "../../test/support/processGroup";

export interface Timing {
  readonly label: string;
  readonly medianMs: number;
  readonly runs: number;
}

export function median(samples: readonly number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
}

/**
 * The median of `runs` timed runs of `body`, after `warmups` untimed ones (so that what is
 * compared is the code once the JIT has compiled it, the same for every side).
 */
export async function time(label: string, runs: number, body: () => unknown | Promise<unknown>, warmups = 0): Promise<Timing> {
  for (let i = 0; i < warmups; i++) await body();
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    samples.push(performance.now() - start);
  }
  return { label, medianMs: median(samples), runs };
}

/**
 * Two sides timed in turns (a, b, a, b…) rather than one after the other, so that both
 * meet the same machine: a busy moment or a garbage collection left over from the other
 * side lands on either with the same chance. Medians of `runs` runs each, after `warmups`
 * untimed turns.
 */
export async function timeInTurns(
  a: { readonly label: string; readonly body: () => unknown },
  b: { readonly label: string; readonly body: () => unknown },
  runs: number,
  warmups = 0,
): Promise<[Timing, Timing]> {
  for (let i = 0; i < warmups; i++) {
    await a.body();
    await b.body();
  }
  const samplesA: number[] = [];
  const samplesB: number[] = [];
  for (let i = 0; i < runs; i++) {
    let start = performance.now();
    await a.body();
    samplesA.push(performance.now() - start);
    start = performance.now();
    await b.body();
    samplesB.push(performance.now() - start);
  }
  return [
    { label: a.label, medianMs: median(samplesA), runs },
    { label: b.label, medianMs: median(samplesB), runs },
  ];
}

/** "12.3× the floor" style ratio of `t` to `floor`, with the floor's name left out. */
export function ratio(t: Timing, floor: Timing): number {
  return t.medianMs / floor.medianMs;
}

export function row(t: Timing, floor?: Timing, floorName = "the floor"): string {
  const r = floor ? `  ${ratio(t, floor).toFixed(2)}× ${floorName}` : "";
  return `  ${t.label.padEnd(64)} ${t.medianMs.toFixed(2).padStart(10)} ms  (median of ${t.runs})${r}`;
}

/** A goal's verdict, printed after the figure it judges. */
export function verdict(met: boolean): string {
  return met ? "met" : "NOT met";
}

export function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** What one child process did, measured from outside. */
export interface ChildRun {
  /** The exit code; null when it ended by a signal (including our kill at the time limit). */
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly wallMs: number;
  /** Peak resident memory in bytes; null when it could not be measured. */
  readonly peakRssBytes: number | null;
  /** How the peak was measured: GNU time's report, or /proc polled while it ran. */
  readonly rssSource: "time -v" | "/proc VmHWM" | "none";
  readonly timedOut: boolean;
  /** The first line the program wrote on stderr (its one-line reason, for the CLI). */
  readonly stderrFirstLine: string;
  readonly stdoutBytes: number;
}

export interface ChildOptions {
  readonly timeoutMs: number;
  readonly env?: NodeJS.ProcessEnv;
  readonly cwd?: string;
}

const GNU_TIME = "/usr/bin/time";

/** True when /usr/bin/time is GNU time with -v (Debian's `time` package). */
let gnuTimeWorks: boolean | null = null;
async function hasGnuTime(): Promise<boolean> {
  if (gnuTimeWorks !== null) return gnuTimeWorks;
  if (!existsSync(GNU_TIME)) return (gnuTimeWorks = false);
  const probe = await new Promise<boolean>((resolve) => {
    const child = spawn(GNU_TIME, ["-v", "true"], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (chunk: Buffer) => (err += chunk.toString()));
    child.on("error", () => resolve(false));
    child.on("close", (code) => resolve(code === 0 && /Maximum resident set size/.test(err)));
  });
  return (gnuTimeWorks = probe);
}

/** VmHWM (peak resident set) of a running process from /proc, in bytes; null once it has gone. */
function vmHwm(pid: number): number | null {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match?.[1] !== undefined ? Number(match[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/**
 * Runs `command args` in its own process group and measures it: wall time, exit code and
 * peak resident memory. With GNU time present the peak comes from its report (the kernel's
 * own figure for the program and the children it waited for); otherwise /proc is polled
 * every 20 ms while the program runs. At `timeoutMs` the whole group is killed.
 */
export async function runMeasured(command: string, args: readonly string[], options: ChildOptions): Promise<ChildRun> {
  const useTime = await hasGnuTime();
  const work = mkdtempSync(join(tmpdir(), "grant-planner-bench-run-"));
  const report = join(work, "time.txt");
  const argv = useTime ? ["-v", "-o", report, command, ...args] : [...args];
  const started = performance.now();
  const child = spawn(useTime ? GNU_TIME : command, argv, {
    cwd: options.cwd,
    env: options.env ?? process.env,
    stdio: ["ignore", "pipe", "pipe"],
    detached: true, // its own process group: a kill at the time limit reaches every process it started
  });
  let stdoutBytes = 0;
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdoutBytes += chunk.length));
  child.stderr.on("data", (chunk: Buffer) => {
    if (stderr.length < 4096) stderr += chunk.toString();
  });
  let polledPeak: number | null = null;
  const poller = useTime
    ? null
    : setInterval(() => {
        const now = child.pid === undefined ? null : vmHwm(child.pid);
        if (now !== null) polledPeak = Math.max(polledPeak ?? 0, now);
      }, 20);
  const limit = killGroupAfter(child, options.timeoutMs);
  const { code, signal } = await new Promise<{ code: number | null; signal: string | null }>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (c, s) => resolve({ code: c, signal: s }));
  });
  const wallMs = performance.now() - started;
  limit.cancel();
  const timedOut = limit.timedOut();
  if (poller !== null) clearInterval(poller);

  let exitCode = code;
  let killedBy = signal;
  let peakRssBytes: number | null = polledPeak;
  let rssSource: ChildRun["rssSource"] = polledPeak === null ? "none" : "/proc VmHWM";
  if (useTime && existsSync(report)) {
    const text = readFileSync(report, "utf8");
    const rss = /Maximum resident set size \(kbytes\): (\d+)/.exec(text)?.[1];
    if (rss !== undefined) {
      peakRssBytes = Number(rss) * 1024;
      rssSource = "time -v";
    }
    // GNU time exits with the program's code, or notes the signal that ended it.
    const bySignal = /Command terminated by signal (\d+)/.exec(text)?.[1];
    if (bySignal !== undefined) {
      exitCode = null;
      killedBy = `signal ${bySignal}`;
    }
  }
  rmSync(work, { recursive: true, force: true });
  return {
    exitCode: timedOut ? null : exitCode,
    signal: timedOut ? "SIGKILL (time limit)" : killedBy,
    wallMs,
    peakRssBytes,
    rssSource,
    timedOut,
    stderrFirstLine: stderr.split("\n")[0] ?? "",
    stdoutBytes,
  };
}

/** Median wall time and the highest peak memory of `runs` runs of the same command. */
export async function runMeasuredRepeatedly(
  label: string,
  runs: number,
  command: string,
  args: readonly string[],
  options: ChildOptions,
): Promise<{ timing: Timing; last: ChildRun; peakRssBytes: number | null }> {
  const results: ChildRun[] = [];
  for (let i = 0; i < runs; i++) results.push(await runMeasured(command, args, options));
  const peaks = results.map((r) => r.peakRssBytes).filter((p): p is number => p !== null);
  const last = results[results.length - 1];
  if (last === undefined) throw new Error("runs must be at least 1");
  return {
    timing: { label, medianMs: median(results.map((r) => r.wallMs)), runs },
    last,
    peakRssBytes: peaks.length > 0 ? Math.max(...peaks) : null,
  };
}
