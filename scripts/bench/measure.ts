/** Timing helpers for benchmarks: medians of repeated runs, printed side by side. */
import { performance } from "node:perf_hooks";

export interface Timing {
  readonly label: string;
  readonly medianMs: number;
  readonly runs: number;
}

export async function time(label: string, runs: number, body: () => unknown | Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    await body();
    samples.push(performance.now() - start);
  }
  samples.sort((a, b) => a - b);
  const mid = Math.floor(samples.length / 2);
  const medianMs = samples.length % 2 === 1 ? (samples[mid] ?? 0) : ((samples[mid - 1] ?? 0) + (samples[mid] ?? 0)) / 2;
  return { label, medianMs, runs };
}

export function row(t: Timing, floor?: Timing): string {
  const ratio = floor ? `  ${(t.medianMs / floor.medianMs).toFixed(1)}× the floor` : "";
  return `${t.label.padEnd(58)} ${t.medianMs.toFixed(2).padStart(10)} ms  (median of ${t.runs})${ratio}`;
}
