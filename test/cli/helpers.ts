/** Runs the command line in-process against real files in a temporary folder. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { nodeIo } from "../../src/cli/io";
import { main } from "../../src/cli/main";

export interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export async function run(...argv: string[]): Promise<Run> {
  return runAt(null, ...argv);
}

/** As `run`, on a given date ("2021-01-15") instead of the clock's; null for the clock's. */
export async function runAt(today: string | null, ...argv: string[]): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const io = {
    ...nodeIo(),
    stdout: (text: string) => {
      stdout += text;
    },
    stderr: (text: string) => {
      stderr += text;
    },
    ...(today === null ? {} : { today: () => today }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A fresh temporary folder per test file, removed afterwards. */
export function tempFolder(): { path: (name: string) => string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "grant-planner-cli-"));
  return { path: (name) => join(dir, name), cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A failure is exactly one line on stderr, starting "grant-planner: ", and nothing on stdout. */
export function expectOneLineProblem(result: Run): void {
  expect(result.stdout).toBe("");
  expect(result.stderr).toMatch(/^grant-planner: [^\n]+\n$/);
  expect(result.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)/);
}
