/**
 * LibreOffice as the yardstick for the CLI: the time it takes to open the same .xlsx file
 * and convert it (`soffice --headless --convert-to csv`), with a profile of its own in a
 * temporary folder (as test/support/libreoffice.ts does) so a person's settings never
 * matter. The profile is made by one untimed warm-up run, as a person's LibreOffice has a
 * profile already; its settings are LibreOffice's defaults (cached formula results are kept,
 * nothing is recalculated), so the runs measure opening the file, not recalculating it.
 */
import { mkdirSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { conversionArgs, SOFFICE } from "../../test/support/libreoffice";
import { type ChildRun, runMeasured } from "./measure";

/** Cold first start with a new profile can take a minute on a loaded machine. */
const LIBREOFFICE_TIMEOUT_MS = 180_000;

export interface LibreOfficeConverter {
  /** One timed conversion of `file` to CSV; throws when LibreOffice wrote nothing. */
  convert(file: string): Promise<ChildRun>;
  close(): void;
}

export async function libreOfficeConverter(warmUpWith: string): Promise<LibreOfficeConverter> {
  const work = mkdtempSync(join(tmpdir(), "grant-planner-bench-lo-"));
  const profile = join(work, "profile");
  mkdirSync(profile);
  let runs = 0;
  const convert = async (file: string): Promise<ChildRun> => {
    const out = join(work, `out-${runs++}`);
    mkdirSync(out);
    const args = conversionArgs(profile, "csv", out, file);
    const run = await runMeasured(SOFFICE, args, { timeoutMs: LIBREOFFICE_TIMEOUT_MS, env: { ...process.env, HOME: work } });
    const written = readdirSync(out);
    rmSync(out, { recursive: true, force: true });
    if (run.exitCode !== 0 || !written.some((name) => name.endsWith(".csv"))) {
      throw new Error(`LibreOffice did not convert ${file} (exit ${String(run.exitCode)}, ${run.signal ?? "no signal"}): ${run.stderrFirstLine}`);
    }
    return run;
  };
  await convert(warmUpWith);
  return { convert, close: () => rmSync(work, { recursive: true, force: true }) };
}
