/**
 * What the command line needs from the outside world, so tests can run it in-process:
 * two output streams and a few file operations. `nodeIo` is the real thing.
 */
import { promises as fs } from "node:fs";
import { basename, dirname, join } from "node:path";

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  readFile(path: string): Promise<Uint8Array>;
  /** Writes the whole file or nothing: a temporary file beside it, then a rename over it. */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** True when something (a file, a folder) already has that name. */
  exists(path: string): Promise<boolean>;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** A file-system failure in a few words for a person. */
export function fileProblem(error: unknown): string {
  switch (errorCode(error)) {
    case "ENOENT":
      return "there is no such file or folder";
    case "ENOTDIR":
      return "part of the path is a file, not a folder";
    case "EISDIR":
      return "it is a folder, not a file";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOSPC":
      return "the disk is full";
    case "EROFS":
      return "the disk is read-only";
    case "EBUSY":
      return "the file is in use by another program (close it in Excel and try again)";
    default: {
      const text = error instanceof Error ? error.message : String(error);
      return (text.split("\n")[0] ?? "").trim() || "unknown error";
    }
  }
}

export function nodeIo(): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readFile: async (path) => new Uint8Array(await fs.readFile(path)),
    writeFile: async (path, data) => {
      const temporary = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
      try {
        await fs.writeFile(temporary, data, { flag: "wx" });
        await fs.rename(temporary, path);
      } catch (error) {
        await fs.rm(temporary, { force: true });
        throw error;
      }
    },
    exists: async (path) => {
      try {
        await fs.lstat(path);
        return true;
      } catch (error) {
        const code = errorCode(error);
        if (code === "ENOENT" || code === "ENOTDIR") return false;
        throw error;
      }
    },
  };
}
