/**
 * What a TCP connect to a port finds: "open" (something listens), "refused", "timeout",
 * or another error code. Used by the tests that start the dev server.
 */
import { connect } from "node:net";

export function probePort(host: string, port: number, timeoutMs = 2000): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.setTimeout(timeoutMs);
    socket.once("connect", () => {
      socket.destroy();
      resolve("open");
    });
    socket.once("timeout", () => {
      socket.destroy();
      resolve("timeout");
    });
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code === "ECONNREFUSED" ? "refused" : (error.code ?? error.message)));
  });
}
