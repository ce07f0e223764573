/**
 * The core beside its floor. The floor is a plain decode of the same cells: every cell of
 * every table of the plan's RawWorkbook read into a record per row, keyed by header, as a
 * number, text (trimmed), true/false or blank, with no money, no IDs, no checks. The core is
 * `checkWorkbook`: decode into the typed plan (exact money, IDs, cross references) plus every
 * check. Goal: the core within 2× of the floor.
 */
import { cellText, type CellValue } from "../../src/plan/cell";
import { checkWorkbook } from "../../src/plan/checks";
import type { RawWorkbook } from "../../src/plan/raw";
import { ratio, row, timeInTurns, verdict } from "./measure";

type Plain = string | number | boolean | null;

function plain(value: CellValue): Plain {
  if (value === null || typeof value === "number" || typeof value === "boolean") return value;
  if (typeof value === "string") return value.trim();
  return cellText(value);
}

/** Every cell of every table into plain records; returns how many cells it read. */
export function plainDecode(raw: RawWorkbook): { readonly records: number; readonly cells: number } {
  let records = 0;
  let cells = 0;
  for (const table of raw.tables) {
    const keys = table.headers.map((h) => cellText(h).trim().toLowerCase());
    const out: Record<string, Plain>[] = new Array<Record<string, Plain>>(table.rows.length);
    for (let r = 0; r < table.rows.length; r++) {
      const source = table.rows[r] ?? [];
      const record: Record<string, Plain> = {};
      for (let c = 0; c < keys.length; c++) record[keys[c] ?? String(c)] = plain(source[c] ?? null);
      out[r] = record;
      cells += keys.length;
    }
    records += out.length;
  }
  return { records, cells };
}

export const CORE_GOAL_RATIO = 2;
/** Untimed turns of both sides before timing. */
const WARMUPS = 5;
/** Timed runs of each side. */
const RUNS = 31;

export async function benchCore(raw: RawWorkbook): Promise<void> {
  let read = { records: 0, cells: 0 };
  let findings = -1;
  const [floor, core] = await timeInTurns(
    {
      label: "floor: plain decode of the same cells (no money, no checks)",
      body: () => {
        read = plainDecode(raw);
      },
    },
    {
      label: "core: decode + check (checkWorkbook)",
      body: () => {
        const result = checkWorkbook(raw);
        findings = result.status === "plan" ? result.findings.length : -1;
      },
    },
    RUNS,
    WARMUPS,
  );
  console.log(`\nCore (in-process, ${read.records.toLocaleString("en-GB")} rows, ${read.cells.toLocaleString("en-GB")} cells; floor and core timed in turns)`);
  console.log(row(floor));
  console.log(row(core, floor));
  const r = ratio(core, floor);
  console.log(`  (findings ${findings}; goal: core within ${CORE_GOAL_RATIO}× the plain decode → ${r.toFixed(2)}×, ${verdict(r <= CORE_GOAL_RATIO)})`);
}
