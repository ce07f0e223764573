/**
 * Hand-built .xlsx packages for the plan reader's tests: a few sheets of cell XML, table
 * parts and shared strings, packed with the fixture zip writer, with the part paths and
 * quirks of a chosen producer (openpyxl's absolute targets, say).
 */
import { deflateRawSync } from "node:zlib";
import { escapeXml, zipTexts } from "../../fixtures/zip";

export interface TablePart {
  readonly name: string;
  readonly ref: string;
  readonly columns: readonly string[];
  readonly headerRowCount?: number;
  readonly totalsRowCount?: number;
  readonly displayName?: string;
}

export interface SheetPart {
  readonly name: string;
  readonly state?: "hidden" | "veryHidden";
  /** The <row> elements of sheetData, as XML. */
  readonly rows: string;
  readonly merges?: readonly string[];
  readonly tables?: readonly TablePart[];
  /** More XML after sheetData (before mergeCells). */
  readonly after?: string;
}

export interface PackageOptions {
  readonly sheets: readonly SheetPart[];
  /** The shared strings part's <si> elements, as XML (or plain strings, each one <si><t>…</t></si>). */
  readonly strings?: readonly string[];
  readonly calcMode?: string;
  /** Relationship targets as openpyxl writes them: absolute, from the package root ("/xl/worksheets/sheet1.xml"). */
  readonly absoluteTargets?: boolean;
  /** Part names in other cases and targets with backslashes, as some Windows tools write them. */
  readonly oddNames?: boolean;
  /** Store parts instead of deflating them. */
  readonly store?: boolean;
  /** Leave the package relationships (_rels/.rels) out. */
  readonly withoutRootRels?: boolean;
}

const MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships";

/** What a test puts in one cell: a number, a boolean, an inline string, or raw XML given as { xml }. */
export type CellInput = number | string | boolean | { readonly xml: string };

/** The cells of one row from its first column; null leaves a cell out. */
export type RowValues = readonly (CellInput | null)[];

export function cell(ref: string, value: CellInput): string {
  if (typeof value === "number") return `<c r="${ref}"><v>${value}</v></c>`;
  if (typeof value === "boolean") return `<c r="${ref}" t="b"><v>${value ? 1 : 0}</v></c>`;
  if (typeof value === "string") return `<c r="${ref}" t="inlineStr"><is><t>${escapeXml(value)}</t></is></c>`;
  return `<c r="${ref}"${value.xml}</c>`;
}

/** One row of cells from its first column: row(5, "C", ["Line ID", 10]) fills C5 and D5; null leaves a cell out. */
export function row(number: number, firstColumn: string, values: RowValues): string {
  const start = firstColumn.charCodeAt(0) - 65;
  const cells = values
    .map((value, i) => (value === null ? "" : cell(`${String.fromCharCode(65 + start + i)}${number}`, value)))
    .join("");
  return `<row r="${number}">${cells}</row>`;
}

function rels(items: readonly { id: string; type: string; target: string }[]): string {
  const body = items.map((r) => `<Relationship Id="${r.id}" Type="${REL}/${r.type}" Target="${r.target}"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PKG_REL}">${body}</Relationships>`;
}

function tableXml(table: TablePart, id: number): string {
  const attrs = [
    `id="${id}"`,
    `name="${table.name}"`,
    `displayName="${table.displayName ?? table.name}"`,
    `ref="${table.ref}"`,
    table.headerRowCount !== undefined ? `headerRowCount="${table.headerRowCount}"` : "",
    table.totalsRowCount !== undefined ? `totalsRowCount="${table.totalsRowCount}"` : `totalsRowShown="0"`,
  ].filter((a) => a !== "");
  const columns = table.columns.map((name, i) => `<tableColumn id="${i + 1}" name="${escapeXml(name)}"/>`).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<table xmlns="${MAIN}" ${attrs.join(" ")}><tableColumns count="${table.columns.length}">${columns}</tableColumns></table>`;
}

function sheetXml(sheet: SheetPart, tableIds: readonly string[]): string {
  const merges = sheet.merges?.length ? `<mergeCells count="${sheet.merges.length}">${sheet.merges.map((m) => `<mergeCell ref="${m}"/>`).join("")}</mergeCells>` : "";
  const tableParts = tableIds.length ? `<tableParts count="${tableIds.length}">${tableIds.map((id) => `<tablePart r:id="${id}"/>`).join("")}</tableParts>` : "";
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN}" xmlns:r="${REL}"><sheetData>${sheet.rows}</sheetData>${sheet.after ?? ""}${merges}${tableParts}</worksheet>`;
}

export function sharedStringsXml(strings: readonly string[]): string {
  const items = strings.map((s) => (s.startsWith("<si>") ? s : `<si><t xml:space="preserve">${escapeXml(s)}</t></si>`)).join("");
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst xmlns="${MAIN}" count="${strings.length}" uniqueCount="${strings.length}">${items}</sst>`;
}

/** The parts of a package, by name, as text. */
export function packageParts(options: PackageOptions): Map<string, string> {
  const parts = new Map<string, string>();
  const abs = options.absoluteTargets === true;
  const odd = options.oddNames === true;
  const target = (relative: string, absolute: string): string => (abs ? absolute : odd ? relative.replace(/\//g, "\\") : relative);
  const partName = (name: string): string => (odd ? name.replace("worksheets/", "Worksheets/").replace("tables/", "Tables/") : name);

  if (options.withoutRootRels !== true) {
    parts.set("_rels/.rels", rels([{ id: "rId1", type: "officeDocument", target: abs ? "/xl/workbook.xml" : "xl/workbook.xml" }]));
  }
  const workbookRels: { id: string; type: string; target: string }[] = [];
  let tableNumber = 0;
  const sheetsXml = options.sheets
    .map((sheet, i) => {
      const n = i + 1;
      workbookRels.push({ id: `rId${n}`, type: "worksheet", target: target(`worksheets/sheet${n}.xml`, `/xl/worksheets/sheet${n}.xml`) });
      const tableIds: string[] = [];
      const sheetRels: { id: string; type: string; target: string }[] = [];
      for (const table of sheet.tables ?? []) {
        tableNumber++;
        const id = `rId${tableIds.length + 1}`;
        tableIds.push(id);
        sheetRels.push({ id, type: "table", target: target(`../tables/table${tableNumber}.xml`, `/xl/tables/table${tableNumber}.xml`) });
        parts.set(partName(`xl/tables/table${tableNumber}.xml`), tableXml(table, tableNumber));
      }
      if (sheetRels.length > 0) parts.set(partName(`xl/worksheets/_rels/sheet${n}.xml.rels`), rels(sheetRels));
      parts.set(partName(`xl/worksheets/sheet${n}.xml`), sheetXml(sheet, tableIds));
      const state = sheet.state ? ` state="${sheet.state}"` : "";
      return `<sheet name="${escapeXml(sheet.name)}" sheetId="${n}"${state} r:id="rId${n}"/>`;
    })
    .join("");
  if (options.strings !== undefined) {
    workbookRels.push({ id: `rId${options.sheets.length + 1}`, type: "sharedStrings", target: target("sharedStrings.xml", "/xl/sharedStrings.xml") });
    parts.set("xl/sharedStrings.xml", sharedStringsXml(options.strings));
  }
  const calc = options.calcMode !== undefined ? `<calcPr calcId="191029" calcMode="${options.calcMode}"/>` : `<calcPr calcId="191029"/>`;
  parts.set(
    "xl/workbook.xml",
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="${MAIN}" xmlns:r="${REL}"><sheets>${sheetsXml}</sheets>${calc}</workbook>`,
  );
  parts.set("xl/_rels/workbook.xml.rels", rels(workbookRels));
  parts.set("[Content_Types].xml", `<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>`);
  return parts;
}

export function buildPackage(options: PackageOptions): Uint8Array {
  return zipTexts(packageParts(options), { store: options.store === true });
}

/** Deflated bytes of a text, for inflater tests. */
export function deflated(text: string): Uint8Array {
  return new Uint8Array(deflateRawSync(Buffer.from(text, "utf8")));
}
