/**
 * Recalculates an .xlsx workbook with LibreOffice, headless: a spreadsheet engine nobody on
 * this project wrote, so the formulas the product writes are proven by someone else's maths.
 *
 * Every run gets its own fresh LibreOffice profile, seeded so that formulas in .xlsx files are
 * always recalculated on load (OOXMLRecalcMode = 0); otherwise LibreOffice keeps whatever
 * results the file has cached and nothing would be proven. The converted copy it writes back
 * holds LibreOffice's own results.
 */
import { spawn } from "node:child_process";
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Workbook } from "exceljs";
import { checkWorkbook } from "../../src/plan/checks";
import type { Finding } from "../../src/plan/findings";
import type { Plan } from "../../src/plan/model";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { killGroupAfter } from "./processGroup";

/** Where LibreOffice's command-line program lives (Debian: libreoffice-calc-nogui). */
export const SOFFICE = process.env["SOFFICE"] ?? "soffice";

/** One run takes about a second; a cold first start on a slow machine can take much longer. */
export const RECALC_TIMEOUT_MS = 60_000;

/** The profile setting "Recalculation on file load: Excel 2007 and newer" = Always. */
export const ALWAYS_RECALCULATE_XCU = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
`;

export class LibreOfficeError extends Error {
  override name = "LibreOfficeError";
}

export interface RecalcOptions {
  readonly timeoutMs?: number;
}

interface Finished {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly output: string;
  readonly timedOut: boolean;
}

function run(command: string, args: readonly string[], timeoutMs: number, env: NodeJS.ProcessEnv): Promise<Finished> {
  return new Promise((resolve, reject) => {
    // Its own process group, so that a timeout ends LibreOffice and any helper it started.
    const child = spawn(command, args, { env, stdio: ["ignore", "pipe", "pipe"], detached: true });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    const limit = killGroupAfter(child, timeoutMs);
    child.on("error", (error) => {
      limit.cancel();
      reject(new LibreOfficeError(`could not start ${command}: ${error.message} (install it with: apt-get install libreoffice-calc-nogui)`));
    });
    child.on("close", (code, signal) => {
      limit.cancel();
      resolve({ code, signal, output, timedOut: limit.timedOut() });
    });
  });
}

/** What LibreOffice is asked to save a file as: a workbook, a CSV, or the sheets printed to PDF. */
export type ConversionFormat = "xlsx" | "csv" | "pdf";

/**
 * The arguments of one headless conversion of `file` into `outdir` as `format`, with the
 * profile in `profile` (a folder of its own, so a person's settings never matter).
 */
export function conversionArgs(profile: string, format: ConversionFormat, outdir: string, file: string): string[] {
  return [
    `-env:UserInstallation=${pathToFileURL(profile).href}`,
    "--headless",
    "--norestore",
    "--nologo",
    "--nodefault",
    "--nolockcheck",
    "--convert-to",
    format,
    "--outdir",
    outdir,
    file,
  ];
}

/**
 * Opens the workbook in LibreOffice with recalculation forced, saves it again as .xlsx and
 * returns the bytes of that copy. Temporary folders are removed whatever happens.
 */
export function recalculateWithLibreOffice(workbook: Uint8Array, options: RecalcOptions = {}): Promise<Uint8Array> {
  return convertWithLibreOffice(workbook, "xlsx", options);
}

/**
 * Opens the workbook in LibreOffice with recalculation forced, saves it as `format` ("pdf":
 * printed with the workbook's own page setup) and returns the bytes of what it wrote.
 * Temporary folders are removed whatever happens.
 */
export async function convertWithLibreOffice(workbook: Uint8Array, format: ConversionFormat, options: RecalcOptions = {}): Promise<Uint8Array> {
  const work = await mkdtemp(join(tmpdir(), "grant-planner-lo-"));
  try {
    const profile = join(work, "profile");
    const input = join(work, "in");
    const output = join(work, "out");
    await mkdir(join(profile, "user"), { recursive: true });
    await mkdir(input);
    await mkdir(output);
    await writeFile(join(profile, "user", "registrymodifications.xcu"), ALWAYS_RECALCULATE_XCU);
    const source = join(input, "plan.xlsx");
    await writeFile(source, workbook);

    const args = conversionArgs(profile, format, output, source);
    // A HOME of its own keeps LibreOffice away from the person's real settings and caches.
    const env = { ...process.env, HOME: work };
    const timeoutMs = options.timeoutMs ?? RECALC_TIMEOUT_MS;
    const finished = await run(SOFFICE, args, timeoutMs, env);
    if (finished.timedOut) throw new LibreOfficeError(`LibreOffice did not finish within ${timeoutMs} ms`);
    const written = await readdir(output);
    const converted = written.find((name) => name.toLowerCase().endsWith(`.${format}`));
    if (finished.code !== 0 || converted === undefined) {
      const how = finished.signal !== null ? `signal ${finished.signal}` : `exit code ${String(finished.code)}`;
      throw new LibreOfficeError(`LibreOffice wrote no .${format} (${how}): ${finished.output.trim() || "no output"}`);
    }
    return new Uint8Array(await readFile(join(output, converted)));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------ what the LibreOffice tests share

/** A test's or hook's budget for one LibreOffice run: a cold start on a busy machine takes a few seconds, a warm run about one. */
export const LIBREOFFICE_RUN_MS = 90_000;

export interface Checked {
  readonly plan: Plan;
  readonly findings: readonly Finding[];
}

/** The plan the core reads from a file, with its findings; throws when the file is not read as a plan. */
export async function checkedFile(bytes: Uint8Array): Promise<Checked> {
  const result = checkWorkbook(await (await XlsxWorkbook.fromBuffer(bytes)).read());
  if (result.status !== "plan") throw new Error(`not read as a plan: ${result.reason}`);
  return { plan: result.plan, findings: result.findings };
}

/** The exceljs view of a file, for the cells and formula results LibreOffice saved. */
export async function loadExcelJs(bytes: Uint8Array): Promise<Workbook> {
  const wb = new Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return wb;
}

/** A file as the core reads it before and after LibreOffice recalculates it. */
export interface Recalculation {
  readonly before: Checked;
  readonly recalculated: Uint8Array;
  readonly after: Checked;
}

export async function recalculation(source: Uint8Array): Promise<Recalculation> {
  const before = await checkedFile(source);
  const recalculated = await recalculateWithLibreOffice(source);
  return { before, recalculated, after: await checkedFile(recalculated) };
}
