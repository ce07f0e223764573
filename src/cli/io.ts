/**
 * What the command line needs from the outside world, so tests can run it in-process:
 * two output streams and a few file operations. `nodeIo` is the real thing.
 */
import { randomBytes } from "node:crypto";
import { constants, promises as fs, type Stats } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { basename, dirname, join } from "node:path";
import type { IsoDate } from "../plan/periods";

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
  /**
   * Writes the whole file or nothing (see replaceFile): a temporary file beside it, flushed
   * to the disk, then renamed over it. A symbolic link is written through to its file.
   */
  writeFile(path: string, data: Uint8Array): Promise<void>;
  /** True when something (a file, a folder) already has that name. */
  exists(path: string): Promise<boolean>;
  /** Today's date where the command runs: it decides the last quarter that has ended. */
  today(): IsoDate;
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== "object" || error === null || !("code" in error)) return undefined;
  return typeof error.code === "string" ? error.code : undefined;
}

/** A file that is refused before anything is written, with the reason in words. */
export class WriteRefused extends Error {}

/** A file-system failure in a few words for a person. */
export function fileProblem(error: unknown): string {
  if (error instanceof WriteRefused) return error.message;
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

/**
 * The file-system calls that replacing a file makes, so a test can make one of them fail.
 * `nodeFiles` is the real thing.
 */
export interface FileSystem {
  lstat(path: string): Promise<Stats>;
  stat(path: string): Promise<Stats>;
  realpath(path: string): Promise<string>;
  open(path: string, flags: string): Promise<FileHandle>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string): Promise<void>;
}

export const nodeFiles: FileSystem = {
  lstat: (path) => fs.lstat(path),
  stat: (path) => fs.stat(path),
  realpath: (path) => fs.realpath(path),
  open: (path, flags) => fs.open(path, flags),
  rename: (from, to) => fs.rename(from, to),
  rm: (path) => fs.rm(path, { force: true }),
};

/**
 * The file a write to `path` replaces: `path` itself, or for a symbolic link the file it
 * finally points to (the link stays a link). Refused when that is not a regular file, or
 * when the link points to nothing. `mode` is the permission bits of the file replaced, null
 * when there is none yet.
 */
async function replacedFile(path: string, files: FileSystem): Promise<{ target: string; mode: number | null }> {
  let target = path;
  try {
    const link = await files.lstat(path);
    if (link.isSymbolicLink()) {
      try {
        target = await files.realpath(path);
      } catch (error) {
        const code = errorCode(error);
        if (code === "ENOENT" || code === "ENOTDIR") throw new WriteRefused("it is a symbolic link to a file that does not exist");
        if (code === "ELOOP") throw new WriteRefused("it is a symbolic link that leads round in a loop");
        throw error;
      }
    }
    const stats = link.isSymbolicLink() ? await files.stat(target) : link;
    if (!stats.isFile()) throw new WriteRefused(`it is ${whatItIs(stats)}, not a file`);
    return { target, mode: stats.mode & 0o7777 };
  } catch (error) {
    const code = errorCode(error);
    // Nothing has the name yet: a new file, with the usual permissions.
    if (target === path && (code === "ENOENT" || code === "ENOTDIR") && !(error instanceof WriteRefused)) {
      return { target, mode: null };
    }
    throw error;
  }
}

/**
 * Replaces a file whole or leaves it as it was: the bytes go to a new temporary file in
 * the same folder, are flushed to the disk, and the temporary file is renamed over the
 * old one; the folder is then flushed too, so the rename survives a power cut. Where the
 * platform cannot flush a folder (Windows), that last step is skipped. A symbolic link
 * is written through: the file it points to is replaced and the link stays. On any
 * failure before the rename the temporary file is removed and the old file is untouched.
 */
export async function replaceFile(path: string, data: Uint8Array, files: FileSystem = nodeFiles): Promise<void> {
  const { target, mode } = await replacedFile(path, files);
  const folder = dirname(target);
  const temporary = join(folder, `.${basename(target)}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`);
  let handle: FileHandle | null = null;
  let created = false;
  try {
    handle = await files.open(temporary, "wx");
    created = true;
    // The new file keeps the old one's permissions (a file only its owner may read stays so).
    if (mode !== null) await handle.chmod(mode);
    await handle.writeFile(data);
    await handle.sync();
    const closing = handle;
    handle = null;
    await closing.close();
    await files.rename(temporary, target);
  } catch (error) {
    if (handle !== null) await handle.close().catch(() => undefined);
    if (created) await files.rm(temporary).catch(() => undefined);
    throw error;
  }
  await flushFolder(folder, files);
}

/**
 * Flushes a folder's entries to the disk, as far as the platform allows. The file is in
 * place by now, so a refusal changes nothing about what was written and is not an error.
 */
async function flushFolder(folder: string, files: FileSystem): Promise<void> {
  let handle: FileHandle | null = null;
  try {
    handle = await files.open(folder, "r");
    await handle.sync();
  } catch {
    // Windows cannot open a folder; some file systems refuse to flush one.
  } finally {
    if (handle !== null) await handle.close().catch(() => undefined);
  }
}

/** Today's date by the clock, in UTC as the core takes it (so the pane and the command agree), "2020-10-05". */
export function clockToday(now: Date = new Date()): IsoDate {
  return now.toISOString().slice(0, 10);
}

/** The real outside world; `files` is for tests that make a file-system call fail. */
export function nodeIo(files: FileSystem = nodeFiles): CliIo {
  return {
    stdout: (text) => {
      process.stdout.write(text);
    },
    stderr: (text) => {
      process.stderr.write(text);
    },
    readFile: (path, maxBytes) => readBounded(path, maxBytes),
    writeFile: (path, data) => replaceFile(path, data, files),
    today: () => clockToday(),
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
