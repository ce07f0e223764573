// The Jest runs of the test command (scripts/test.mjs), as data, so a test can check them
// without running them:
//   - unit: one worker pinned to one CPU core with taskset (Linux, util-linux), the proof on
//     every run that the unit suite and its time budgets hold with a single free core;
//     without taskset (Mac, Windows) two workers, and the title says so;
//   - browser then LibreOffice, one test file at a time (each starts a big program).
import { existsSync, readFileSync } from "node:fs";
import { delimiter, join } from "node:path";

/** taskset's path on Linux when it is on `path`, else null. */
export function findTaskset(platform = process.platform, path = process.env.PATH ?? "") {
  if (platform !== "linux") return null;
  for (const dir of path.split(delimiter)) {
    if (dir !== "" && existsSync(join(dir, "taskset"))) return join(dir, "taskset");
  }
  return null;
}

/** The first CPU this process may run on ("0-1" → "0"; a container may not own CPU 0). */
export function firstAllowedCpu(statusFile = "/proc/self/status") {
  try {
    const line = readFileSync(statusFile, "utf8").match(/^Cpus_allowed_list:\s*(\d+)/m);
    if (line) return line[1];
  } catch {
    // No /proc: fall back to the first CPU.
  }
  return "0";
}

/**
 * The two Jest runs, each with a title, the command and its arguments, and where Jest
 * writes its JSON report. `extra` (the test command's own arguments) goes to both.
 */
export function jestRuns({ root, extra = [], taskset = findTaskset(), cpu = firstAllowedCpu() }) {
  const jest = join(root, "node_modules", ".bin", "jest");
  const unit = taskset
    ? {
        label: `jest: unit, one worker pinned to CPU ${cpu} (taskset -c ${cpu})`,
        command: taskset,
        args: ["-c", cpu, jest, "--selectProjects", "unit", "--maxWorkers=1", ...extra],
      }
    : {
        label: "jest: unit, two workers (no taskset here: the one-core run needs Linux's util-linux)",
        command: jest,
        args: ["--selectProjects", "unit", "--maxWorkers=2", ...extra],
      };
  return [
    { ...unit, report: join(root, "build", "jest-results-unit.json") },
    {
      label: "jest: browser and LibreOffice, one file at a time",
      command: jest,
      // A filter given on the command line may leave nothing to run here; that is not a failure.
      args: ["--selectProjects", "browser", "libreoffice", "--runInBand", "--passWithNoTests", ...extra],
      report: join(root, "build", "jest-results-programs.json"),
    },
  ];
}
