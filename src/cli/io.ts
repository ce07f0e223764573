/**
 * What the command line needs from the outside world, so tests can run it in-process:
 * two output streams and a few file operations. `nodeIo` is the real thing.
 */
import { constants, promises as fs, type Stats } from "node:fs";
import { basename, dirname, join } from "node:path";

/** What reading a file found: its bytes, or why there are none to read. */
export type FileRead =
  | { readonly kind: "bytes"; readonly bytes: Uint8Array }
  | { readonly kind: "missing" }
  /** A folder, a device such as /dev/zero, a pipe or a socket: nothing was read from it. */
  | { readonly kind: "not-a-file"; readonly what: string }
  /** Larger than the reader takes; at most `maxBytes` + 1 bytes were read to find out. */
  | { readonly kind: "too-large"; readonly size: number };

export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /**
   * Reads a regular file of at most `maxBytes` bytes. Anything else is answered without
   * reading it (a folder, a device, a pipe) or after reading at most `maxBytes` + 1 bytes.
   */
  readFile(path: string, maxBytes: number): Promise<FileRead>;
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

/** "a folder", "a device", …: what a path is when it is not a regular file. */
function whatItIs(stats: Stats): string {
  if (stats.isDirectory()) return "a folder";
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return "a device";
  if (stats.isFIFO()) return "a pipe";
  if (stats.isSocket()) return "a socket";
  return "not a regular file";
}

/**
 * Reads a file without ever waiting on it or reading more than `maxBytes` + 1 bytes: the
 * path is looked at first; it is opened without blocking (a pipe that turned up in its
 * place since is not waited on) and looked at again through the open handle.
 */
async function readBounded(path: string, maxBytes: number): Promise<FileRead> {
  let stats: Stats;
  try {
    stats = await fs.stat(path);
  } catch (error) {
    const code = errorCode(error);
    if (code === "ENOENT" || code === "ENOTDIR") return { kind: "missing" };
    throw error;
  }
  if (!stats.isFile()) return { kind: "not-a-file", what: whatItIs(stats) };
  if (stats.size > maxBytes) return { kind: "too-large", size: stats.size };
  const handle = await fs.open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  try {
    const opened = await handle.stat();
    if (!opened.isFile()) return { kind: "not-a-file", what: whatItIs(opened) };
    if (opened.size > maxBytes) return { kind: "too-large", size: opened.size };
    // One byte more than the file's size, so a file that grows while it is read is noticed.
    let buffer = new Uint8Array(Math.min(opened.size, maxBytes) + 1);
    let filled = 0;
    for (;;) {
      if (filled === buffer.length) {
        if (filled > maxBytes) return { kind: "too-large", size: filled };
        const larger = new Uint8Array(Math.min(maxBytes + 1, buffer.length * 2));
        larger.set(buffer);
        buffer = larger;
      }
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, null);
      if (bytesRead === 0) return { kind: "bytes", bytes: buffer.subarray(0, filled) };
      filled += bytesRead;
    }
  } finally {
    await handle.close();
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
    readFile: (path, maxBytes) => readBounded(path, maxBytes),
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
