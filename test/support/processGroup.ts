/**
 * A time limit for a child process started in its own process group (`detached: true`):
 * at the limit the whole group is killed, so nothing the program started lives on.
 */
import type { ChildProcess } from "node:child_process";

export interface TimeLimit {
  /** True once the limit was reached and the group killed. */
  readonly timedOut: () => boolean;
  /** Call when the child has ended in time. */
  readonly cancel: () => void;
}

export function killGroupAfter(child: ChildProcess, timeoutMs: number): TimeLimit {
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    if (child.pid === undefined) return;
    try {
      process.kill(-child.pid, "SIGKILL");
    } catch {
      child.kill("SIGKILL");
    }
  }, timeoutMs);
  return { timedOut: () => timedOut, cancel: () => clearTimeout(timer) };
}
