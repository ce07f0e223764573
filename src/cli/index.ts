/** Entry point of the `grant-planner` command: real arguments, real files, real exit code. */
import { nodeIo } from "./io";
import { main } from "./main";

main(process.argv.slice(2), nodeIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`grant-planner: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}\n`);
    process.exitCode = 2;
  },
);
