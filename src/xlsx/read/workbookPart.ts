/**
 * The package's map: which part is the workbook, its sheets (name, visibility, part), how
 * it recalculates, where its shared strings are, and which table parts each sheet has.
 * Relationship targets are resolved against the folder of the part that names them, or
 * from the package root when they start with "/" (as openpyxl writes them).
 */
import { LAST_COLUMN } from "../../plan/cell";
import type { RawWorkbook } from "../../plan/raw";
import { type CellRange, parseRange } from "../../plan/ranges";
import { XlsxReadError } from "../errors";
import type { PlanPackage } from "./parts";
import { attribute, attributes, decodeExcelEscapes, relationshipId, type XmlHandler } from "./xml";

export interface Relationship {
  readonly id: string;
  /** The last word of the relationship type: "worksheet", "table", "sharedStrings", "officeDocument". */
  readonly kind: string;
  /** The part it points to, as a package path without a leading slash. */
  readonly part: string;
}

/** "xl/workbook.xml" → "xl/_rels/workbook.xml.rels"; the package itself ("") → "_rels/.rels". */
export function relationshipsPart(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/**
 * Where a relationship's target points: "worksheets/sheet1.xml" from "xl/workbook.xml" is
 * "xl/worksheets/sheet1.xml", "../tables/table1.xml" from "xl/worksheets/sheet1.xml" is
 * "xl/tables/table1.xml", and "/xl/tables/table1.xml" is that part wherever it is named from.
 */
export function resolveTarget(source: string, target: string): string {
  let path = target.replace(/\\/g, "/");
  const hash = path.indexOf("#");
  if (hash >= 0) path = path.slice(0, hash);
  try {
    path = decodeURIComponent(path);
  } catch {
    // A target with a stray "%" is taken as written.
  }
  const base = path.startsWith("/") ? [] : source.split("/").slice(0, -1);
  const segments = [...base];
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") segments.pop();
    else segments.push(segment);
  }
  return segments.join("/");
}

/** The relationships a part declares (none when it has no relationships part); external targets are left out. */
export async function relationships(pkg: PlanPackage, source: string): Promise<Relationship[]> {
  const found: Relationship[] = [];
  await pkg.scan(relationshipsPart(source), {
    open(name, raw) {
      if (name !== "Relationship") return;
      const all = attributes(raw);
      const id = all.get("Id");
      const type = all.get("Type") ?? "";
      const target = all.get("Target");
      if (id === undefined || target === undefined || all.get("TargetMode") === "External") return;
      found.push({ id, kind: type.slice(type.lastIndexOf("/") + 1), part: resolveTarget(source, target) });
    },
    close() {},
    text() {},
  });
  return found;
}

export interface SheetEntry {
  readonly name: string;
  readonly visible: boolean;
  /** The sheet's part, or null when the workbook's relationships do not lead to a worksheet. */
  readonly part: string | null;
}

export interface WorkbookInfo {
  readonly sheets: readonly SheetEntry[];
  readonly calculationMode: NonNullable<RawWorkbook["calculationMode"]>;
  readonly sharedStrings: string | null;
}

const NO_WORKBOOK = "not an .xlsx file (it is a zip archive without a workbook in it)";

/** The workbook part the package points to (Excel's is always xl/workbook.xml, but the package decides). */
async function workbookPart(pkg: PlanPackage): Promise<string> {
  const root = await relationships(pkg, "");
  const main = root.find((r) => r.kind === "officeDocument" && pkg.has(r.part));
  if (main !== undefined) return main.part;
  if (pkg.has("xl/workbook.xml")) return "xl/workbook.xml";
  throw new XlsxReadError(NO_WORKBOOK);
}

function calculationMode(value: string | null): WorkbookInfo["calculationMode"] {
  if (value === "manual") return "manual";
  if (value === "autoNoTable") return "automaticExceptTables";
  return "automatic";
}

export async function readWorkbook(pkg: PlanPackage): Promise<WorkbookInfo> {
  const part = await workbookPart(pkg);
  const listed: { name: string; visible: boolean; id: string | null }[] = [];
  let mode: string | null = null;
  const handler: XmlHandler = {
    open(name, raw) {
      if (name === "sheet") {
        const all = attributes(raw);
        const state = all.get("state");
        listed.push({
          name: decodeExcelEscapes(all.get("name") ?? ""),
          visible: state !== "hidden" && state !== "veryHidden",
          id: relationshipId(all),
        });
      } else if (name === "calcPr") {
        mode = attribute(raw, "calcMode");
      }
    },
    close() {},
    text() {},
  };
  await pkg.scan(part, handler);
  if (listed.length === 0) throw new XlsxReadError(NO_WORKBOOK);
  const rels = await relationships(pkg, part);
  const byId = new Map(rels.map((r) => [r.id, r] as const));
  const sheets = listed.map((sheet): SheetEntry => {
    const rel = sheet.id === null ? undefined : byId.get(sheet.id);
    return { name: sheet.name, visible: sheet.visible, part: rel !== undefined && rel.kind === "worksheet" ? rel.part : null };
  });
  const strings = rels.find((r) => r.kind === "sharedStrings")?.part ?? (pkg.has("xl/sharedStrings.xml") ? "xl/sharedStrings.xml" : null);
  return { sheets, calculationMode: calculationMode(mode), sharedStrings: strings };
}

export interface TableInfo {
  /** The table's name as the file spells it (its display name, the one formulas and Excel's UI use). */
  readonly name: string;
  /** The other name the file gives it, when different (the programmatic `name`). */
  readonly alias: string;
  readonly range: CellRange;
  readonly hasHeaderRow: boolean;
  readonly totalsRow: boolean;
  readonly columnNames: readonly string[];
}

/** One table part; null when it is not a table Grant Planner can place (no name or no range). */
export async function readTable(pkg: PlanPackage, part: string): Promise<TableInfo | null> {
  const seen: { table: Map<string, string> | null } = { table: null };
  const columnNames: string[] = [];
  await pkg.scan(part, {
    open(name, raw) {
      if (name === "table" && seen.table === null) seen.table = attributes(raw);
      else if (name === "tableColumn") {
        if (columnNames.length > LAST_COLUMN) throw new XlsxReadError(`the file is damaged: table part ${part} lists more columns than a sheet has`);
        columnNames.push(decodeExcelEscapes(attribute(raw, "name") ?? ""));
      }
    },
    close() {},
    text() {},
  });
  const found = seen.table;
  if (found === null) return null;
  const displayName = found.get("displayName") ?? "";
  const name = found.get("name") ?? "";
  const range = parseRange(found.get("ref") ?? "");
  if ((displayName === "" && name === "") || range === null) return null;
  const headerRows = Number(found.get("headerRowCount") ?? "1");
  const totalsRows = Number(found.get("totalsRowCount") ?? "0");
  return {
    name: displayName || name,
    alias: name || displayName,
    range,
    hasHeaderRow: headerRows !== 0,
    totalsRow: totalsRows > 0,
    columnNames,
  };
}
