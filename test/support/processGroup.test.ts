import { spawn } from "node:child_process";
import { killGroupAfter } from "./processGroup";

/** Starts `sh -c script` in its own process group and waits until its output pipes close. */
function runLimited(script: string, timeoutMs: number): Promise<{ signal: NodeJS.Signals | null; timedOut: boolean }> {
  const child = spawn("sh", ["-c", script], { stdio: ["ignore", "pipe", "pipe"], detached: true });
  child.stdout.resume();
  child.stderr.resume();
  const limit = killGroupAfter(child, timeoutMs);
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    // "close" waits for every holder of the output pipes: the shell and the sleep it started.
    child.once("close", (_code, signal) => {
      limit.cancel();
      resolve({ signal, timedOut: limit.timedOut() });
    });
  });
}

describe("killGroupAfter", () => {
  it("kills the child and what it started at the limit, so its output closes long before the sleep ends", async () => {
    const ended = await runLimited("sleep 600 & wait", 200);
    expect(ended).toEqual({ signal: "SIGKILL", timedOut: true });
  });

  it("leaves a child that ends in time alone", async () => {
    const ended = await runLimited("exit 0", 60_000);
    expect(ended).toEqual({ signal: null, timedOut: false });
  });
});
