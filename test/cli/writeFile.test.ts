/**
 * How the command line replaces a file: whole or not at all, flushed to the disk before
 * and after the rename, through a symbolic link to the file it points to, and never
 * leaving a temporary file behind. File-system failures are made to happen by handing
 * in a file system whose one call fails.
 */
import { chmodSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import type { FileHandle } from "node:fs/promises";
import { join } from "node:path";
import { type FileSystem, nodeFiles, nodeIo, replaceFile } from "../../src/cli/io";
import { main } from "../../src/cli/main";
import { tempFolder } from "./helpers";

const folder = tempFolder();
afterAll(() => folder.cleanup());

let count = 0;
/** A new empty folder for one test. */
function freshFolder(): string {
  const dir = folder.path(`case-${++count}`);
  mkdirSync(dir);
  return dir;
}

const OLD = new TextEncoder().encode("the plan as it was");
const NEW = new TextEncoder().encode("the plan as it is now");

function failure(code: string): Error {
  return Object.assign(new Error(`${code}: refused by the test`), { code });
}

/** The real file system, with each file handle opened through `patch` first. */
function withHandles(patch: (handle: FileHandle, path: string) => void): FileSystem {
  return {
    ...nodeFiles,
    open: async (path, flags) => {
      const handle = await nodeFiles.open(path, flags);
      patch(handle, path);
      return handle;
    },
  };
}

type Step = "open" | "chmod" | "write" | "sync" | "close" | "rename";

/** The real file system, except that `step` fails for the temporary file. */
function failingAt(step: Step): FileSystem {
  if (step === "open") return { ...nodeFiles, open: async () => Promise.reject(failure("EACCES")) };
  if (step === "rename") return { ...nodeFiles, rename: async () => Promise.reject(failure("ENOSPC")) };
  return withHandles((handle) => {
    const refuse = async (): Promise<never> => {
      throw failure("EIO");
    };
    if (step === "chmod") handle.chmod = refuse;
    if (step === "write") handle.writeFile = refuse;
    if (step === "sync") handle.sync = refuse;
    if (step === "close") {
      const close = handle.close.bind(handle);
      handle.close = async () => {
        await close();
        throw failure("EIO");
      };
    }
  });
}

describe("replaceFile", () => {
  it("writes a new file and leaves only that file in the folder", async () => {
    const dir = freshFolder();
    await replaceFile(join(dir, "plan.xlsx"), NEW);
    expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
    expect(readFileSync(join(dir, "plan.xlsx"))).toEqual(Buffer.from(NEW));
  });

  it("replaces a file and keeps its permissions", async () => {
    const dir = freshFolder();
    const path = join(dir, "plan.xlsx");
    writeFileSync(path, OLD);
    chmodSync(path, 0o640);
    await replaceFile(path, NEW);
    expect(readFileSync(path)).toEqual(Buffer.from(NEW));
    expect(statSync(path).mode & 0o777).toBe(0o640);
    expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
  });

  it("writes, flushes and closes the temporary file before the rename, then flushes the folder", async () => {
    const dir = freshFolder();
    const path = join(dir, "plan.xlsx");
    writeFileSync(path, OLD);
    const steps: string[] = [];
    const name = (p: string): string => (p === dir ? "folder" : p === path ? "file" : p.startsWith(join(dir, ".plan.xlsx.")) && p.endsWith(".tmp") ? "temporary" : p);
    const files: FileSystem = {
      ...withHandles((handle, opened) => {
        const [writeFile, sync, close] = [handle.writeFile.bind(handle), handle.sync.bind(handle), handle.close.bind(handle)];
        handle.writeFile = async (data, options) => {
          steps.push(`writeFile ${name(opened)}`);
          return writeFile(data, options);
        };
        handle.sync = async () => {
          steps.push(`sync ${name(opened)}`);
          return sync();
        };
        handle.close = async () => {
          steps.push(`close ${name(opened)}`);
          return close();
        };
      }),
      rename: async (from, to) => {
        steps.push(`rename ${name(from)} to ${name(to)}`);
        await nodeFiles.rename(from, to);
      },
    };
    await replaceFile(path, NEW, files);
    expect(steps).toEqual([
      "writeFile temporary",
      "sync temporary",
      "close temporary",
      "rename temporary to file",
      "sync folder",
      "close folder",
    ]);
    expect(readFileSync(path)).toEqual(Buffer.from(NEW));
  });

  it.each<Step>(["open", "chmod", "write", "sync", "close", "rename"])(
    "leaves the old file byte for byte and no temporary file when %s fails",
    async (step) => {
      const dir = freshFolder();
      const path = join(dir, "plan.xlsx");
      writeFileSync(path, OLD);
      await expect(replaceFile(path, NEW, failingAt(step))).rejects.toMatchObject({ code: expect.any(String) });
      expect(readFileSync(path)).toEqual(Buffer.from(OLD));
      expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
    },
  );

  it("still succeeds where the folder cannot be flushed (as on Windows)", async () => {
    const dir = freshFolder();
    const path = join(dir, "plan.xlsx");
    const files: FileSystem = { ...nodeFiles, open: async (p, flags) => (p === dir ? Promise.reject(failure("EISDIR")) : nodeFiles.open(p, flags)) };
    await replaceFile(path, NEW, files);
    expect(readFileSync(path)).toEqual(Buffer.from(NEW));
    expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
  });

  it("writes through a symbolic link: the file it points to is replaced and the link stays", async () => {
    const dir = freshFolder();
    const shared = join(dir, "shared");
    mkdirSync(shared);
    const real = join(shared, "plan.xlsx");
    writeFileSync(real, OLD);
    const link = join(dir, "my-plan.xlsx");
    symlinkSync(real, link);
    await replaceFile(link, NEW);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(real);
    expect(readFileSync(real)).toEqual(Buffer.from(NEW));
    expect(readdirSync(shared)).toEqual(["plan.xlsx"]);
    expect(readdirSync(dir).sort()).toEqual(["my-plan.xlsx", "shared"]);
  });

  it("refuses a symbolic link to nothing, or to a folder, and writes nothing", async () => {
    const dir = freshFolder();
    const dangling = join(dir, "gone.xlsx");
    symlinkSync(join(dir, "no-such.xlsx"), dangling);
    await expect(replaceFile(dangling, NEW)).rejects.toThrow("it is a symbolic link to a file that does not exist");
    const toFolder = join(dir, "folder.xlsx");
    mkdirSync(join(dir, "sub"));
    symlinkSync(join(dir, "sub"), toFolder);
    await expect(replaceFile(toFolder, NEW)).rejects.toThrow("it is a folder, not a file");
    expect(readdirSync(dir).sort()).toEqual(["folder.xlsx", "gone.xlsx", "sub"]);
    expect(readdirSync(join(dir, "sub"))).toEqual([]);
  });
});

describe("grant-planner init writing the file", () => {
  async function runWith(files: FileSystem, ...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    let stdout = "";
    let stderr = "";
    const io = {
      ...nodeIo(files),
      stdout: (text: string) => {
        stdout += text;
      },
      stderr: (text: string) => {
        stderr += text;
      },
    };
    const code = await main(argv, io);
    return { code, stdout, stderr };
  }

  it("says the file was not written when the disk refuses, and leaves it as it was (exit 1)", async () => {
    const dir = freshFolder();
    const path = join(dir, "plan.xlsx");
    writeFileSync(path, OLD);
    const result = await runWith(failingAt("rename"), "init", path, "--force");
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(`grant-planner: could not write ${path}: the disk is full; nothing was written\n`);
    expect(readFileSync(path)).toEqual(Buffer.from(OLD));
    expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
  });

  it("replaces the file a symbolic link points to with --force, keeping the link (exit 0)", async () => {
    const dir = freshFolder();
    const real = join(dir, "real.xlsx");
    writeFileSync(real, OLD);
    const link = join(dir, "plan.xlsx");
    symlinkSync(real, link);
    const result = await runWith(nodeFiles, "init", link, "--force");
    expect(result.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    // A zip archive now: the .xlsx file.
    expect(readFileSync(real).subarray(0, 2)).toEqual(Buffer.from("PK"));
    expect(readdirSync(dir).sort()).toEqual(["plan.xlsx", "real.xlsx"]);
  });

  it("refuses a symbolic link to nothing with --force, in words (exit 1)", async () => {
    const dir = freshFolder();
    const link = join(dir, "plan.xlsx");
    symlinkSync(join(dir, "missing.xlsx"), link);
    const result = await runWith(nodeFiles, "init", link, "--force");
    expect(result.code).toBe(1);
    expect(result.stderr).toBe(`grant-planner: could not write ${link}: it is a symbolic link to a file that does not exist; nothing was written\n`);
    expect(readdirSync(dir)).toEqual(["plan.xlsx"]);
  });
});
