/**
 * The installed command for real: `node bin/grant-planner.js` in a child process, so the
 * exit codes are the ones a shell or CI sees. Builds build/cli.js first with the build script.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { foreignPlan } from "../fixtures/workbooks";
import { tempFolder } from "./helpers";

const ROOT = resolve(__dirname, "..", "..");
const BIN = join(ROOT, "bin", "grant-planner.js");
const folder = tempFolder();

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: "utf8", cwd: folder.path("") });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

beforeAll(() => {
  const build = spawnSync(process.execPath, [join(ROOT, "scripts", "build-cli.mjs")], { encoding: "utf8", cwd: ROOT });
  if (build.status !== 0) throw new Error(`the CLI did not build:\n${build.stderr}`);
}, 60_000);
afterAll(() => folder.cleanup());

describe("bin/grant-planner.js", () => {
  it("sets up, checks and refuses with the real exit codes 0, 1 and 2", () => {
    const plan = folder.path("plan.xlsx");
    expect(cli("init", plan, "--example", "sefton-2020-21")).toMatchObject({ code: 0, stderr: "" });
    const check = cli("check", plan, "--json");
    expect(check.code).toBe(0);
    expect(check.stdout).toContain('"allocated": "332000.00"');
    const again = cli("init", plan);
    expect(again.code).toBe(1);
    expect(again.stderr).toMatch(/^grant-planner: .*--force.*\n$/);
    const missing = cli("check", folder.path("missing.xlsx"));
    expect(missing).toEqual({ code: 2, stdout: "", stderr: expect.stringMatching(/^grant-planner: cannot read .*missing\.xlsx: there is no such file\n$/) });
    writeFileSync(folder.path("notes.xlsx"), "not a workbook");
    expect(cli("check", folder.path("notes.xlsx")).code).toBe(2);
  });

  it("refuses /dev/zero and a folder with exit 2 and one line, reading nothing from them", () => {
    for (const [path, what] of [
      ["/dev/zero", "a device"],
      [folder.path(""), "a folder"],
    ]) {
      const result = cli("check", path ?? "");
      expect(result).toEqual({ code: 2, stdout: "", stderr: `grant-planner: cannot read ${path ?? ""}: it is ${what ?? ""}, not a regular file\n` });
    }
  });

  it("checks a plan without loading the .xlsx writer (exceljs), which only init needs", () => {
    const spy = folder.path("spy.js");
    writeFileSync(
      spy,
      'const M = require("node:module"); const load = M._load; M._load = function (r, ...a) { if (/exceljs/.test(r)) process.stderr.write("loaded " + r + "\\n"); return load.call(this, r, ...a); };\n',
    );
    const plan = folder.path("spied.xlsx");
    const withSpy = (...args: string[]) => spawnSync(process.execPath, ["--require", spy, BIN, ...args], { encoding: "utf8", cwd: folder.path("") });
    const init = withSpy("init", plan, "--example", "sefton-2020-21");
    expect(init.status).toBe(0);
    expect(init.stderr).toContain("loaded");
    const check = withSpy("check", plan);
    expect(check.status).toBe(0);
    expect(check.stderr).toBe("");
  });

  it("exits 1 for a plan with errors, and 0 for --help", async () => {
    const plan = folder.path("text-amount.xlsx");
    writeFileSync(plan, await foreignPlan({ amountAsText: true }));
    const result = cli("check", plan);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("AMOUNT_AS_TEXT");
    expect(cli("--help")).toMatchObject({ code: 0, stderr: "" });
  });

  it("tells the person to run npm install when the command is not built", () => {
    const dir = folder.path("unbuilt");
    mkdirSync(join(dir, "bin"), { recursive: true });
    copyFileSync(BIN, join(dir, "bin", "grant-planner.js"));
    const result = spawnSync(process.execPath, [join(dir, "bin", "grant-planner.js"), "--help"], { encoding: "utf8" });
    expect(result.status).toBe(2);
    expect(result.stderr).toMatch(/^grant-planner: .*npm install.*\n$/);
  });
});
