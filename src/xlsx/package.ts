/**
 * The .xlsx package around exceljs, which this host uses for writing only.
 *
 * Before exceljs opens a file (`forExcelJs`), the package is made into one it can read:
 *  - relationship targets are written relative to their source part, as exceljs expects
 *    ("../tables/table1.xml"), where a producer such as Python's openpyxl wrote absolute
 *    part names ("/xl/tables/table1.xml");
 *  - a large merged area or data validation (more than LARGE_RANGE cells: a whole column,
 *    a whole sheet) is cut to the sheet's extent: first to its last row that holds a cell
 *    plus ROOM_BELOW rows (the rows a plan prepares under its tables), then, if it is
 *    still large, to its last column that holds a cell. exceljs models such ranges cell by
 *    cell, so a whole-sheet validation would otherwise take some seventeen billion
 *    objects. A range wholly outside that extent covers no cell and is left out. Smaller
 *    ranges are never touched. Every range cut or left out is reported (`ForExcelJs.notes`),
 *    so that the person can be told;
 *  - what is left is bounded: more than MAX_EXPANDED_CELLS merged or validated cells, or
 *    more than MAX_MERGES merged areas, and the file is not opened for writing at all;
 *  - so is the package: every part is unpacked and counted before exceljs sees it, pictures
 *    too, and a package that unpacks to more than MAX_UNPACKED_BYTES (whatever its directory
 *    declares), or lists one part twice, is refused.
 *
 * The XML of the parts is searched in one pass for the few tags this needs (see "tags, in
 * one pass" below), so broken or hostile XML costs time in proportion to its length.
 *
 * After exceljs writes (`restoreKept`), the parts it does not keep are copied back from
 * the original package, with their relationships and content types: protective markings
 * (docProps/custom.xml, where sensitivity labels are recorded; docMetadata/LabelInfo.xml),
 * custom XML parts (customXml/) and data connections (xl/connections.xml). The
 * workbook's calculation mode (manual, for one) is restored as well, and so is every
 * sheet's conditional formatting, which exceljs damages (./conditionalFormats.ts); the
 * conditional formats an action adds are written in the same pass.
 */
import { strFromU8, strToU8, type Zippable, zipSync } from "fflate";
import { type Inflater, InflatedTooLarge } from "./read/inflate";
import { DEFLATED, duplicatePart, normalisePartName, packedData, STORED, type ZipEntry, zipEntries } from "./zip";
import { ROWS_SCANNED_BELOW } from "../plan/raw";
import { type ConditionalFormatWrite, hasFormats, type KeptFormats, keptFormats, NO_FORMATS, restoreFormats } from "./conditionalFormats";

/** Cells in one merged area or validation range above which it is cut to the sheet's extent. */
export const LARGE_RANGE = 100_000;
/** Rows under the last used row that keep their validation: the rows a plan prepares below its tables. */
export const ROOM_BELOW = ROWS_SCANNED_BELOW;
/** Merged and validated cells, over the whole workbook, that exceljs may model one by one. */
export const MAX_EXPANDED_CELLS = 2_000_000;
/** Merged areas exceljs may check against each other (it compares every pair). */
export const MAX_MERGES = 10_000;
/** Unpacked size of the whole package that this host loads into exceljs for writing. */
export const MAX_UNPACKED_BYTES = 400 * 1024 * 1024;

const LAST_ROW = 1_048_576;
const LAST_COLUMN = 16_384;

/** The package cannot be prepared for writing; `message` is one line for a person. */
export class PackageProblem extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PackageProblem";
  }
}

type Parts = Map<string, Uint8Array>;

/** How `forExcelJs` and `restoreKept` may be bounded more tightly (tests). */
export interface PrepareOptions {
  /** The most the whole package may unpack to; MAX_UNPACKED_BYTES when not given. */
  readonly maxUnpackedBytes?: number;
}

/**
 * Unpacks every part of the package with the given inflater and keeps those `wanted` (all,
 * when not given). Every part counts against `limit`, kept or not, by what it really unpacks
 * to, whatever its directory declares: exceljs unpacks them all, pictures included.
 * A package that lists a part twice (part names ignore case) is refused.
 */
async function unpack(bytes: Uint8Array, inflate: Inflater, limit: number, wanted: (name: string) => boolean = () => true): Promise<Parts> {
  const entries = zipEntries(bytes);
  if (entries === null) throw new PackageProblem("the workbook's package cannot be unpacked: it is not a zip archive");
  const twice = duplicatePart(entries);
  if (twice !== null) throw new PackageProblem(`the workbook's package lists part ${twice} twice, so it is unclear which one holds the workbook`);
  const parts: Parts = new Map();
  let total = 0;
  for (const entry of entries) {
    // Folder entries hold nothing.
    if (entry.name.endsWith("/")) continue;
    const keep = wanted(entry.name);
    const data = await unpackPart(bytes, entry, inflate, limit - total, keep, limit);
    total += data.size;
    if (total > limit) throw tooLarge(limit);
    if (keep && data.bytes !== null) parts.set(entry.name, data.bytes);
  }
  return parts;
}

/** One part unpacked (its bytes when `keep`, else only counted), never past `allowance` bytes. */
async function unpackPart(
  bytes: Uint8Array,
  entry: ZipEntry,
  inflate: Inflater,
  allowance: number,
  keep: boolean,
  limit: number,
): Promise<{ size: number; bytes: Uint8Array | null }> {
  if (entry.encrypted) throw new PackageProblem(`part ${entry.name} of the workbook is encrypted`);
  const packed = packedData(bytes, entry);
  if (typeof packed === "string") throw new PackageProblem(`the workbook's package cannot be unpacked: ${packed}`);
  if (entry.method === STORED) {
    if (packed.byteLength > allowance) throw tooLarge(limit);
    return { size: packed.byteLength, bytes: keep ? packed.slice() : null };
  }
  if (entry.method !== DEFLATED) {
    throw new PackageProblem(`part ${entry.name} of the workbook is packed in a way Grant Planner does not know (method ${entry.method})`);
  }
  const pieces: Uint8Array[] = [];
  let size = 0;
  try {
    for await (const piece of inflate(packed, allowance)) {
      size += piece.byteLength;
      // Counted here as well, so an inflater that ignores its allowance is still stopped.
      if (size > allowance) throw tooLarge(limit);
      if (keep) pieces.push(piece);
    }
  } catch (error) {
    if (error instanceof InflatedTooLarge || error instanceof PackageProblem) throw tooLarge(limit);
    throw new PackageProblem(`part ${entry.name} of the workbook cannot be unpacked: ${error instanceof Error ? error.message : String(error)}`);
  }
  return { size, bytes: keep ? concat(pieces) : null };
}

function tooLarge(limit: number): PackageProblem {
  return new PackageProblem(`the workbook unpacks to more than ${formatMegabytes(limit)}, too large to save from here`);
}

/** "400 MB", "0.5 MB". */
function formatMegabytes(bytes: number): string {
  return `${(Math.round((bytes / 1024 / 1024) * 10) / 10).toLocaleString("en-GB")} MB`;
}

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  if (pieces.length === 1 && pieces[0] !== undefined) return pieces[0];
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.byteLength;
  }
  return out;
}

function pack(parts: Parts, level: 0 | 6): Uint8Array {
  const files: Zippable = {};
  for (const [name, data] of parts) files[name] = data;
  return zipSync(files, { level });
}

/** A part by name, ignoring case and a leading slash, as OPC part names compare. */
function findPart(parts: Parts, name: string): string | undefined {
  const wanted = canonical(name);
  for (const key of parts.keys()) if (canonical(key) === wanted) return key;
  return undefined;
}

function canonical(name: string): string {
  return normalisePartName(name);
}

function text(parts: Parts, name: string): string | undefined {
  const key = findPart(parts, name);
  const data = key === undefined ? undefined : parts.get(key);
  return data === undefined ? undefined : strFromU8(data);
}

// ------------------------------------------------------------------ XML attributes

function decodeXml(value: string): string {
  return value.replace(/&(lt|gt|quot|apos|amp|#x[0-9a-fA-F]+|#[0-9]+);/g, (whole, name: string) => {
    switch (name) {
      case "lt":
        return "<";
      case "gt":
        return ">";
      case "quot":
        return '"';
      case "apos":
        return "'";
      case "amp":
        return "&";
      default: {
        const code = name.startsWith("#x") ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
        return Number.isFinite(code) && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
      }
    }
  });
}

function encodeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** The attributes of one start tag, by local name (any prefix dropped), values decoded. */
function attributes(tag: string): Map<string, string> {
  const found = new Map<string, string>();
  // A name starts only where no name character comes before it: a long run of name characters
  // without "=" is then tried once, not once for every character in it.
  for (const match of tag.matchAll(/(?<![\w.:-])([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
    const name = (match[1] ?? "").replace(/^.*:/, "");
    found.set(name, decodeXml(match[2] ?? match[3] ?? ""));
  }
  return found;
}

/** The tag with one attribute's value replaced (the attribute must be there). */
function withAttribute(tag: string, name: string, value: string): string {
  const pattern = new RegExp(`(\\s${name}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  return tag.replace(pattern, (_whole, lead: string) => `${lead}"${encodeXml(value)}"`);
}

// ------------------------------------------------------------------ tags, in one pass

/**
 * The parts' XML is searched for a few elements by hand, not parsed, and not with patterns
 * of the form `<x[^>]*>[\s\S]*?</x>`: on a part full of start tags that never end, those
 * look from every start tag to the end of the part, which takes hours on a few megabytes.
 * Here every character is looked at a bounded number of times, however broken the XML is.
 */
interface StartTag {
  /** Where its "<" is. */
  readonly start: number;
  /** Just after its ">". */
  readonly end: number;
  /** The whole tag: `<mergeCell ref="A1:B2"/>`. */
  readonly text: string;
  /** Its name as written, prefix and all. */
  readonly name: string;
  readonly selfClosing: boolean;
}

const TAG_FINDERS = new Map<string, RegExp>();

/**
 * Finds "<" followed by one of `names` (with any prefix) and the end of the name. Each try
 * looks no further than the name after one "<", so a search over a part is one pass.
 */
function tagFinder(names: readonly string[]): RegExp {
  const key = names.join("|");
  let finder = TAG_FINDERS.get(key);
  if (finder === undefined) {
    finder = new RegExp(`<(?:[\\w.-]+:)?(?:${key})(?=[\\s/<>]|$)`, "g");
    TAG_FINDERS.set(key, finder);
  }
  return finder;
}

/**
 * The next start tag from `from` whose local name (any prefix dropped) is one of `names`.
 * A ">" inside quotes does not end a tag; a "<" outside them means the tag is broken, and
 * the search goes on from there. null when there is none: also when a tag never ends, for
 * then nothing after it is a tag either.
 */
function nextStartTag(xml: string, names: readonly string[], from: number): StartTag | null {
  const finder = tagFinder(names);
  let at = from;
  for (;;) {
    finder.lastIndex = at;
    const found = finder.exec(xml);
    if (found === null) return null;
    const nameEnd = found.index + found[0].length;
    let quote = 0;
    let end = -1;
    let broken = -1;
    for (let i = nameEnd; i < xml.length; i++) {
      const code = xml.charCodeAt(i);
      if (quote !== 0) {
        if (code === quote) quote = 0;
      } else if (code === 0x22 || code === 0x27) {
        quote = code;
      } else if (code === 0x3e) {
        end = i + 1;
        break;
      } else if (code === 0x3c) {
        broken = i;
        break;
      }
    }
    if (broken >= 0) {
      at = broken;
      continue;
    }
    if (end < 0) return null;
    const text = xml.slice(found.index, end);
    return { start: found.index, end, text, name: found[0].slice(1), selfClosing: text.endsWith("/>") };
  }
}

/** Every start tag in `xml` whose local name is one of `names`, in order. */
function startTags(xml: string, names: readonly string[]): StartTag[] {
  const found: StartTag[] = [];
  for (let tag = nextStartTag(xml, names, 0); tag !== null; tag = nextStartTag(xml, names, tag.end)) found.push(tag);
  return found;
}

/** The first start tag in `xml` whose local name is one of `names`, or undefined. */
function firstStartTag(xml: string, names: readonly string[]): StartTag | undefined {
  return nextStartTag(xml, names, 0) ?? undefined;
}

/** One element: its start tag, and where it ends (after its end tag, or after the start tag when it has none). */
interface Element {
  readonly open: StartTag;
  readonly end: number;
  /** Between the start and the end tag; "" for an empty-element tag. */
  readonly body: string;
  /** False when its end tag never comes: then the element is taken to be its start tag alone. */
  readonly closed: boolean;
}

/**
 * Every element in `xml` whose local name is one of `names`, in order, with its body. An
 * element whose end tag never comes is its start tag alone; once one end tag is missing,
 * no later element of that name looks for its own (none comes), so this stays one pass.
 */
function elements(xml: string, names: readonly string[]): Element[] {
  const found: Element[] = [];
  /** Per tag name: from where on the part is known to hold no end tag for it. */
  const noEndFrom = new Map<string, number>();
  let tag = nextStartTag(xml, names, 0);
  while (tag !== null) {
    let element: Element = { open: tag, end: tag.end, body: "", closed: tag.selfClosing };
    if (!tag.selfClosing) {
      const known = noEndFrom.get(tag.name);
      const endTag = known !== undefined && known <= tag.end ? -1 : endTagOf(xml, tag.name, tag.end);
      const close = endTag < 0 ? -1 : xml.indexOf(">", endTag);
      if (close < 0) noEndFrom.set(tag.name, tag.end);
      else element = { open: tag, end: close + 1, body: xml.slice(tag.end, endTag), closed: true };
    }
    found.push(element);
    tag = nextStartTag(xml, names, element.end);
  }
  return found;
}

/** Where the first end tag `</name>` from `from` starts (not `</names>`), or -1. */
function endTagOf(xml: string, name: string, from: number): number {
  const wanted = `</${name}`;
  for (let at = xml.indexOf(wanted, from); at >= 0; at = xml.indexOf(wanted, at + wanted.length)) {
    const next = xml.charCodeAt(at + wanted.length);
    if (next === 0x3e || next === 0x20 || next === 0x09 || next === 0x0a || next === 0x0d) return at;
  }
  return -1;
}

/** `xml` with each element of those `names` replaced by what `edit` makes of its text; the same string when nothing changes. */
function replaceElements(xml: string, names: readonly string[], edit: (whole: string, element: Element) => string): string {
  const pieces: string[] = [];
  let copied = 0;
  let changed = false;
  for (const element of elements(xml, names)) {
    const whole = xml.slice(element.open.start, element.end);
    const replaced = edit(whole, element);
    if (replaced === whole) continue;
    pieces.push(xml.slice(copied, element.open.start), replaced);
    copied = element.end;
    changed = true;
  }
  if (!changed) return xml;
  pieces.push(xml.slice(copied));
  return pieces.join("");
}

/** `xml` with each start tag of those `names` replaced by what `edit` makes of it. */
function replaceStartTags(xml: string, names: readonly string[], edit: (tag: string) => string): string {
  const pieces: string[] = [];
  let copied = 0;
  for (const tag of startTags(xml, names)) {
    const replaced = edit(tag.text);
    if (replaced === tag.text) continue;
    pieces.push(xml.slice(copied, tag.start), replaced);
    copied = tag.end;
  }
  if (copied === 0) return xml;
  pieces.push(xml.slice(copied));
  return pieces.join("");
}

// ------------------------------------------------------------------ relationships

interface Relationship {
  readonly id: string;
  readonly type: string;
  readonly target: string;
  readonly external: boolean;
}

const RELATIONSHIP = ["Relationship"];

function relationships(xml: string): Relationship[] {
  return startTags(xml, RELATIONSHIP).map((tag) => {
    const attrs = attributes(tag.text);
    return {
      id: attrs.get("Id") ?? "",
      type: attrs.get("Type") ?? "",
      target: attrs.get("Target") ?? "",
      external: (attrs.get("TargetMode") ?? "").toLowerCase() === "external",
    };
  });
}

/** "xl/worksheets/_rels/sheet1.xml.rels" → "xl/worksheets/sheet1.xml"; "_rels/.rels" → "" (the package). */
function sourceOfRels(relsName: string): string | null {
  const match = /^(.*?)_rels\/([^/]*)\.rels$/.exec(relsName.replace(/^\/+/, ""));
  if (!match) return null;
  return `${match[1] ?? ""}${match[2] ?? ""}`;
}

/** "xl/worksheets/sheet1.xml" → "xl/worksheets/_rels/sheet1.xml.rels". */
function relsOf(part: string): string {
  const slash = part.lastIndexOf("/");
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

function folderOf(part: string): string[] {
  const segments = part.split("/");
  segments.pop();
  return segments.filter((s) => s !== "");
}

/** The part a relationship points at, as a package path without a leading slash; null outside the package. */
function resolveTarget(source: string, target: string): string | null {
  const path = target.split(/[?#]/)[0] ?? "";
  const segments = path.startsWith("/") ? [] : folderOf(source);
  for (const segment of path.split("/")) {
    if (segment === "" || segment === ".") continue;
    if (segment === "..") {
      if (segments.length === 0) return null;
      segments.pop();
    } else {
      segments.push(segment);
    }
  }
  return segments.join("/");
}

/** The target written relative to the source's folder: "../tables/table1.xml". */
function relativeTarget(source: string, part: string): string {
  const from = folderOf(source);
  const to = part.split("/");
  let common = 0;
  while (common < from.length && common < to.length - 1 && from[common] === to[common]) common++;
  return [...Array.from({ length: from.length - common }, () => ".."), ...to.slice(common)].join("/");
}

/** Rewrites absolute (and otherwise unusual) internal targets of every .rels part as relative ones. */
function relativeTargets(parts: Parts): boolean {
  let changed = false;
  for (const [name, data] of parts) {
    const source = sourceOfRels(name);
    if (source === null) continue;
    const xml = strFromU8(data);
    const rewritten = replaceStartTags(xml, RELATIONSHIP, (tag) => {
      const attrs = attributes(tag);
      const target = attrs.get("Target");
      if (target === undefined || (attrs.get("TargetMode") ?? "").toLowerCase() === "external") return tag;
      if (/^[a-z][a-z0-9+.-]*:/i.test(target)) return tag;
      const part = resolveTarget(source, target);
      if (part === null) return tag;
      const relative = relativeTarget(source, part);
      return relative === target ? tag : withAttribute(tag, "Target", relative);
    });
    if (rewritten !== xml) {
      parts.set(name, strToU8(rewritten));
      changed = true;
    }
  }
  return changed;
}

// ------------------------------------------------------------------ large ranges

interface Box {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

function columnLetters(n: number): string {
  let letters = "";
  for (let c = n; c > 0; c = Math.floor((c - 1) / 26)) letters = String.fromCharCode(65 + ((c - 1) % 26)) + letters;
  return letters;
}

/** One-based box of "A1", "A1:B2", "F:F" (whole columns) or "3:5" (whole rows); null for anything else. */
function parseBox(ref: string): Box | null {
  const match = /^\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?(?::\$?([A-Za-z]{1,3})?\$?([0-9]{1,7})?)?$/.exec(ref);
  if (!match || ref === "") return null;
  const [, c1, r1, c2, r2] = match;
  const second = ref.includes(":");
  if (!second && (c1 === undefined || r1 === undefined)) return null;
  const left = c1 === undefined ? 1 : columnNumber(c1);
  const top = r1 === undefined ? 1 : Number(r1);
  const right = second ? (c2 === undefined ? LAST_COLUMN : columnNumber(c2)) : left;
  const bottom = second ? (r2 === undefined ? LAST_ROW : Number(r2)) : top;
  // "F:F" names no rows, "3:5" no columns; "A:5" is no reference.
  if (second && (c1 === undefined) !== (c2 === undefined)) return null;
  if (second && (r1 === undefined) !== (r2 === undefined)) return null;
  return { top: Math.min(top, bottom), left: Math.min(left, right), bottom: Math.max(top, bottom), right: Math.max(left, right) };
}

function formatBox(box: Box): string {
  const start = `${columnLetters(box.left)}${box.top}`;
  const end = `${columnLetters(box.right)}${box.bottom}`;
  return start === end ? start : `${start}:${end}`;
}

function area(box: Box): number {
  return (box.bottom - box.top + 1) * (box.right - box.left + 1);
}

/**
 * The last row (one-based) a sheet's XML has an element for. Rows come in order, so the
 * last row element says it, unless it leaves out its number: then every cell is looked at.
 */
function lastRow(xml: string): number {
  const at = xml.lastIndexOf("<row");
  if (at < 0) return 0;
  const tag = /^<row\b[^>]*>/.exec(xml.slice(at, at + 2000))?.[0];
  const r = tag === undefined ? undefined : attributes(tag).get("r");
  return r !== undefined && /^[0-9]{1,7}$/.test(r) ? Number(r) : cellExtent(xml).row;
}

/** The last row and column (one-based) that hold a cell element in a sheet's XML. */
function cellExtent(xml: string): { row: number; column: number } {
  let row = 0;
  let column = 0;
  for (let tag = nextStartTag(xml, CELL, 0); tag !== null; tag = nextStartTag(xml, CELL, tag.end)) {
    const at = /\sr\s*=\s*(["'])([A-Za-z]{1,3})([0-9]{1,7})\1/.exec(tag.text);
    if (!at) continue;
    row = Math.max(row, Number(at[3]));
    column = Math.max(column, columnNumber(at[2] ?? "A"));
  }
  return { row, column };
}

const CELL = ["c"];
const MERGE = ["mergeCell"];
const VALIDATION = ["dataValidation"];
const LISTS = ["mergeCells", "dataValidations"];

/**
 * A merged area or a data validation range that was cut to the sheet's extent before
 * saving, for telling the person: `to` is what is left of it, null when it was left out.
 */
export interface RangeCut {
  readonly sheet: string;
  readonly kind: "merge" | "validation";
  /** The range as the file had it: "A300:XFD1048576", "L:L". */
  readonly from: string;
  /** The range as saved ("A300:K412"); null when it was left out. */
  readonly to: string | null;
}

/** One line for a person: what became of a range that was cut. */
export function describeCut(cut: RangeCut): string {
  if (cut.kind === "merge") {
    return cut.to === null
      ? `Merged cells ${cut.from} on sheet "${cut.sheet}" were unmerged: they merge no cells within the part of the sheet in use.`
      : `Merged cells ${cut.from} on sheet "${cut.sheet}" were cut to ${cut.to}, the part of the sheet in use.`;
  }
  return cut.to === null
    ? `Data validation on ${cut.from} of sheet "${cut.sheet}" was left out: it covers no cell within the part of the sheet in use.`
    : `Data validation on ${cut.from} of sheet "${cut.sheet}" was cut to ${cut.to}, the part of the sheet in use.`;
}

interface Budget {
  cells: number;
  merges: number;
  readonly cut: RangeCut[];
}

/**
 * Cuts a sheet's large merged areas and validation ranges to its extent; counts what is
 * left against the budget and notes what was cut. Returns the new XML, or null when
 * nothing changed.
 */
function cutLargeRanges(sheet: string, xml: string, budget: Budget): string | null {
  let rows: number | null = null;
  let columns: number | null = null;
  /** The cut box (rows first; columns only if it is still large), or null when nothing of it is left. */
  const cut = (box: Box): Box | null => {
    if (area(box) <= LARGE_RANGE) return box;
    rows ??= Math.min(LAST_ROW, lastRow(xml) + ROOM_BELOW);
    if (box.top > rows) return null;
    const rowsCut = box.bottom > rows ? { ...box, bottom: rows } : box;
    if (area(rowsCut) <= LARGE_RANGE) return rowsCut;
    columns ??= Math.max(1, cellExtent(xml).column);
    if (box.left > columns) return null;
    return rowsCut.right > columns ? { ...rowsCut, right: columns } : rowsCut;
  };
  let changed = false;

  let out = replaceElements(xml, MERGE, (whole, { open }) => {
    const ref = attributes(open.text).get("ref") ?? "";
    const box = parseBox(ref);
    if (box === null) return whole;
    const kept = cut(box);
    const left = kept === null || area(kept) <= 1 ? null : kept;
    if (kept !== box) {
      changed = true;
      budget.cut.push({ sheet, kind: "merge", from: ref, to: left === null ? null : formatBox(left) });
    }
    if (left === null) return "";
    budget.cells += area(left);
    budget.merges += 1;
    return left === box ? whole : withAttribute(open.text, "ref", formatBox(left)) + whole.slice(open.text.length);
  });

  out = replaceElements(out, VALIDATION, (whole, { open }) => {
    const sqref = attributes(open.text).get("sqref") ?? "";
    const kept: string[] = [];
    const cutHere: RangeCut[] = [];
    for (const ref of sqref.split(/\s+/).filter((r) => r !== "")) {
      const box = parseBox(ref);
      if (box === null) {
        kept.push(ref);
        continue;
      }
      const left = cut(box);
      if (left !== box) cutHere.push({ sheet, kind: "validation", from: ref, to: left === null ? null : formatBox(left) });
      if (left === null) continue;
      budget.cells += area(left);
      kept.push(left === box ? ref : formatBox(left));
    }
    if (cutHere.length === 0) return whole;
    changed = true;
    budget.cut.push(...cutHere);
    if (kept.length === 0) return "";
    return withAttribute(open.text, "sqref", kept.join(" ")) + whole.slice(open.text.length);
  });

  if (!changed) return null;
  // Keep the lists' counts true, and leave out a list that is now empty.
  out = replaceElements(out, LISTS, (whole, { open, body, closed }) => {
    if (!closed) return whole;
    const local = open.name.slice(open.name.indexOf(":") + 1);
    const count = startTags(body, local === "mergeCells" ? MERGE : VALIDATION).length;
    if (count === 0) return "";
    return attributes(open.text).has("count") ? withAttribute(open.text, "count", String(count)) + whole.slice(open.text.length) : whole;
  });
  return out;
}

/** The worksheet parts of the package with their sheet names, through the workbook's relationships. */
function worksheets(parts: Parts): { part: string; name: string }[] {
  const workbookXml = text(parts, "xl/workbook.xml") ?? "";
  const rels = relationships(text(parts, "xl/_rels/workbook.xml.rels") ?? "");
  const found: { part: string; name: string }[] = [];
  for (const tag of startTags(workbookXml, ["sheet"])) {
    const attrs = attributes(tag.text);
    const rel = rels.find((r) => r.id === attrs.get("id"));
    const resolved = rel ? resolveTarget("xl/workbook.xml", rel.target) : null;
    const part = resolved === null ? undefined : findPart(parts, resolved);
    if (part !== undefined) found.push({ part, name: attrs.get("name") ?? part });
  }
  return found;
}

// ------------------------------------------------------------------ parts exceljs drops

const PACKAGE_RELS = "_rels/.rels";
const WORKBOOK = "xl/workbook.xml";
const WORKBOOK_RELS = "xl/_rels/workbook.xml.rels";
const CONTENT_TYPES = "[Content_Types].xml";
const STYLES = "xl/styles.xml";

/** Relationship types (their last path segment, lower case) whose parts are copied back after exceljs writes. */
const KEPT_FROM_PACKAGE = ["custom-properties", "classificationlabels"];
const KEPT_FROM_WORKBOOK = ["customxml", "connections"];

function lastSegment(type: string): string {
  return (type.split("/").pop() ?? "").toLowerCase();
}

/** What exceljs does not write but the saved file keeps: parts copied back with their relationships. */
export interface KeptParts {
  /** Part name → bytes, including the parts' own .rels parts. */
  readonly parts: ReadonlyMap<string, Uint8Array>;
  /** Part name → content type, for [Content_Types].xml. */
  readonly contentTypes: ReadonlyMap<string, string>;
  /** Relationships to add to _rels/.rels, targets relative to the package root. */
  readonly packageRelationships: readonly Relationship[];
  /** Relationships to add to xl/_rels/workbook.xml.rels, targets relative to xl/. */
  readonly workbookRelationships: readonly Relationship[];
  /** The workbook's calcPr attributes that exceljs forgets (calcMode and the like). */
  readonly calculation: ReadonlyMap<string, string>;
  /** True when a table has no header row: exceljs gives every table an autofilter, which such a table cannot have. */
  readonly headerless: boolean;
  /** Every sheet's conditional formatting as the file had it (./conditionalFormats.ts); none when not given. */
  readonly conditionalFormats?: KeptFormats;
}

/** What a workbook that had no file before keeps: nothing. */
export const NOTHING_KEPT: KeptParts = {
  parts: new Map(),
  contentTypes: new Map(),
  packageRelationships: [],
  workbookRelationships: [],
  calculation: new Map(),
  headerless: false,
  conditionalFormats: NO_FORMATS,
};

/** The content type of every part, from [Content_Types].xml: overrides first, then defaults by extension. */
function contentTypes(parts: Parts): (part: string) => string | undefined {
  const xml = text(parts, CONTENT_TYPES) ?? "";
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const tag of startTags(xml, ["Override", "Default"])) {
    const attrs = attributes(tag.text);
    const type = attrs.get("ContentType");
    if (type === undefined) continue;
    if (tag.name.endsWith("Override")) overrides.set(canonical(attrs.get("PartName") ?? ""), type);
    else defaults.set((attrs.get("Extension") ?? "").toLowerCase(), type);
  }
  return (part) => overrides.get(canonical(part)) ?? defaults.get((part.split(".").pop() ?? "").toLowerCase());
}

/** Calculation attributes exceljs drops on load; it writes calcId and fullCalcOnLoad itself. */
const CALCULATION_KEPT = ["calcMode", "iterate", "iterateCount", "iterateDelta", "refMode", "fullPrecision", "calcOnSave", "concurrentCalc"];

/** Finds the parts (and relationships to them) that exceljs drops and the saved file keeps. */
function keptParts(parts: Parts): KeptParts {
  const kept = new Map<string, Uint8Array>();
  const types = new Map<string, string>();
  const typeOf = contentTypes(parts);

  const keep = (part: string): void => {
    const key = findPart(parts, part);
    if (key === undefined || kept.has(key)) return;
    const data = parts.get(key);
    if (data === undefined) return;
    kept.set(key, data);
    const type = typeOf(key);
    if (type !== undefined) types.set(key, type);
    // The part's own relationships come along, and the parts they point at.
    const relsKey = findPart(parts, relsOf(key));
    const rels = relsKey === undefined ? undefined : parts.get(relsKey);
    if (relsKey === undefined || rels === undefined) return;
    kept.set(relsKey, rels);
    for (const rel of relationships(strFromU8(rels))) {
      if (rel.external) continue;
      const target = resolveTarget(key, rel.target);
      if (target !== null) keep(target);
    }
  };

  const chosen = (source: string, relsName: string, typesKept: readonly string[]): Relationship[] => {
    const xml = text(parts, relsName);
    if (xml === undefined) return [];
    const found: Relationship[] = [];
    for (const rel of relationships(xml)) {
      if (rel.external || !typesKept.includes(lastSegment(rel.type))) continue;
      const part = resolveTarget(source, rel.target);
      if (part === null || findPart(parts, part) === undefined) continue;
      keep(part);
      found.push({ ...rel, target: relativeTarget(source, part) });
    }
    return found;
  };

  const packageRelationships = chosen("", PACKAGE_RELS, KEPT_FROM_PACKAGE);
  const workbookRelationships = chosen(WORKBOOK, WORKBOOK_RELS, KEPT_FROM_WORKBOOK);

  const calculation = new Map<string, string>();
  const calcPr = firstStartTag(text(parts, WORKBOOK) ?? "", ["calcPr"])?.text;
  if (calcPr !== undefined) {
    const attrs = attributes(calcPr);
    for (const name of CALCULATION_KEPT) {
      const value = attrs.get(name);
      if (value !== undefined) calculation.set(name, value);
    }
  }
  const headerless = [...parts].some(([name, data]) => TABLE_PART.test(name) && /^0$/.test(tableTagOf(strFromU8(data))?.attrs.get("headerRowCount") ?? ""));
  const sheets = worksheets(parts).flatMap(({ part, name }) => {
    const xml = text(parts, part);
    return xml === undefined || !xml.includes("conditionalFormatting") ? [] : [{ name, xml }];
  });
  const conditionalFormats = sheets.length === 0 ? NO_FORMATS : keptFormats(sheets, text(parts, STYLES) ?? "");
  return { parts: kept, contentTypes: types, packageRelationships, workbookRelationships, calculation, headerless, conditionalFormats };
}

/** True when there is something to copy back into the package exceljs writes. */
function hasKept(kept: KeptParts): boolean {
  return kept.parts.size > 0 || kept.calculation.size > 0 || kept.headerless || hasFormats(kept.conditionalFormats ?? NO_FORMATS);
}

// ------------------------------------------------------------------ table parts

const TABLE_PART = /^\/?xl\/tables\/[^/]+\.xml$/i;

function tableTagOf(xml: string): { tag: string; attrs: Map<string, string> } | null {
  const tag = firstStartTag(xml, ["table"])?.text;
  return tag === undefined ? null : { tag, attrs: attributes(tag) };
}

/**
 * States the header row of every table outright: Excel leaves the attribute out for its
 * default (a header row), and exceljs then takes the table to have none.
 */
function explicitHeaderRows(parts: Parts): boolean {
  let changed = false;
  for (const [name, data] of parts) {
    if (!TABLE_PART.test(name)) continue;
    const xml = strFromU8(data);
    const table = tableTagOf(xml);
    if (table === null || table.attrs.has("headerRowCount")) continue;
    const stated = table.tag.replace(/^(<(?:[\w.-]+:)?table\b)/, '$1 headerRowCount="1"');
    parts.set(name, strToU8(xml.replace(table.tag, stated)));
    changed = true;
  }
  return changed;
}

/** Takes the autofilter exceljs writes off every table that has no header row. */
function noFilterWithoutHeaders(parts: Parts): void {
  for (const [name, data] of parts) {
    if (!TABLE_PART.test(name)) continue;
    const xml = strFromU8(data);
    if (tableTagOf(xml)?.attrs.get("headerRowCount") !== "0") continue;
    parts.set(name, strToU8(replaceElements(xml, ["autoFilter"], () => "")));
  }
}

// ------------------------------------------------------------------ the two steps

/** A package exceljs can load, with what it would drop set aside for `restoreKept`. */
export interface ForExcelJs {
  readonly bytes: Uint8Array;
  readonly kept: KeptParts;
  /** The merged areas and validation ranges that were cut to the sheet's extent, one for each range. */
  readonly notes: readonly RangeCut[];
  /** The same, each in one line for a person (`describeCut`). */
  readonly cut: readonly string[];
}

/**
 * Prepares the bytes of an .xlsx file for exceljs (see the module comment). Throws
 * PackageProblem when the package cannot be unpacked, lists a part twice, unpacks to
 * more than MAX_UNPACKED_BYTES (every part counted, pictures too), or is too large to model.
 */
export async function forExcelJs(bytes: Uint8Array, inflate: Inflater, options: PrepareOptions = {}): Promise<ForExcelJs> {
  const limit = options.maxUnpackedBytes ?? MAX_UNPACKED_BYTES;
  // Every part is unpacked and counted; only those that may need a change or are kept are kept.
  const parts = await unpack(bytes, inflate, limit, (name) => LOOKED_AT.some((pattern) => pattern.test(name)));
  const ready = prepare(parts);
  const notes = { notes: ready.cut, cut: ready.cut.map(describeCut) };
  if (!ready.changed) return { bytes, kept: ready.kept, ...notes };
  const all = await unpack(bytes, inflate, limit, (name) => !parts.has(name));
  for (const [name, data] of parts) all.set(name, data);
  // Stored, not deflated: exceljs unpacks it at once, and storing costs next to nothing.
  return { bytes: pack(all, 0), kept: ready.kept, ...notes };
}

/** The parts `forExcelJs` looks at: relationships, the workbook, sheets, tables, and the parts exceljs drops. */
const LOOKED_AT: readonly RegExp[] = [
  /\.rels$/i,
  /^\/?\[Content_Types\]\.xml$/i,
  /^\/?xl\/workbook\.xml$/i,
  /^\/?xl\/styles\.xml$/i,
  /^\/?xl\/worksheets\/[^/]+\.xml$/i,
  /^\/?xl\/tables\/[^/]+\.xml$/i,
  /^\/?xl\/connections\.xml$/i,
  /^\/?docProps\/custom\.xml$/i,
  /^\/?docMetadata\//i,
  /^\/?customXml\//i,
];

/** Makes the looked-at parts ready for exceljs, in place; says whether any changed. */
function prepare(parts: Parts): { changed: boolean; kept: KeptParts; cut: RangeCut[] } {
  let changed = relativeTargets(parts);
  changed = explicitHeaderRows(parts) || changed;
  const budget: Budget = { cells: 0, merges: 0, cut: [] };
  for (const { part, name } of worksheets(parts)) {
    const data = parts.get(part);
    if (data === undefined) continue;
    const xml = strFromU8(data);
    if (!xml.includes("mergeCell") && !xml.includes("dataValidation")) continue;
    const out = cutLargeRanges(name, xml, budget);
    if (out !== null) {
      parts.set(part, strToU8(out));
      changed = true;
    }
  }
  if (budget.merges > MAX_MERGES) {
    throw new PackageProblem(`the workbook has ${budget.merges.toLocaleString("en-GB")} merged areas, more than ${MAX_MERGES.toLocaleString("en-GB")}, too many to save from here`);
  }
  if (budget.cells > MAX_EXPANDED_CELLS) {
    throw new PackageProblem(
      `the workbook's merged cells and data validation cover ${budget.cells.toLocaleString("en-GB")} cells, more than ${MAX_EXPANDED_CELLS.toLocaleString("en-GB")}, too many to save from here`,
    );
  }
  return { changed, kept: keptParts(parts), cut: budget.cut };
}

/** Every sheet's conditional formatting as it was, and the rules an action adds (./conditionalFormats.ts). */
function restoreConditionalFormats(parts: Parts, kept: KeptFormats, added: readonly ConditionalFormatWrite[]): void {
  const sheets = worksheets(parts).flatMap(({ part, name }) => {
    const xml = text(parts, part);
    return xml === undefined ? [] : [{ name, part, xml }];
  });
  const stylesKey = findPart(parts, STYLES);
  const restored = restoreFormats(sheets, text(parts, STYLES) ?? "", kept, added);
  for (const { name, part } of sheets) {
    const xml = restored.sheets.get(name);
    if (xml !== undefined) parts.set(part, strToU8(xml));
  }
  if (stylesKey !== undefined) parts.set(stylesKey, strToU8(restored.stylesXml));
}

function relationshipTag(rel: Relationship): string {
  return `<Relationship Id="${encodeXml(rel.id)}" Type="${encodeXml(rel.type)}" Target="${encodeXml(rel.target)}"/>`;
}

/** Adds relationships to a .rels part, each with an Id the part does not use yet. */
function addRelationships(xml: string, added: readonly Relationship[]): string {
  if (added.length === 0) return xml;
  const used = new Set(relationships(xml).map((r) => r.id));
  let n = 1;
  const tags = added.map((rel) => {
    let id = rel.id;
    while (id === "" || used.has(id)) id = `rIdKept${n++}`;
    used.add(id);
    return relationshipTag({ ...rel, id });
  });
  const close = xml.lastIndexOf("</Relationships>");
  if (close >= 0) return `${xml.slice(0, close)}${tags.join("")}${xml.slice(close)}`;
  // exceljs writes `<Relationships .../>` when there are none.
  const empty = firstStartTag(xml, ["Relationships"]);
  if (empty === undefined || !empty.selfClosing) return xml;
  const open = empty.text.replace(/\/>$/, ">");
  return `${xml.slice(0, empty.start)}${open}${tags.join("")}</${empty.name}>${xml.slice(empty.end)}`;
}

function addOverrides(xml: string, kept: KeptParts, parts: Parts): string {
  const typeOf = contentTypes(parts);
  const overrides: string[] = [];
  for (const [part, type] of kept.contentTypes) {
    if (part.endsWith(".rels") || typeOf(part) === type) continue;
    overrides.push(`<Override PartName="/${encodeXml(part.replace(/^\/+/, ""))}" ContentType="${encodeXml(type)}"/>`);
  }
  if (overrides.length === 0) return xml;
  const close = xml.lastIndexOf("</Types>");
  return close < 0 ? xml : `${xml.slice(0, close)}${overrides.join("")}${xml.slice(close)}`;
}

function restoreCalculation(xml: string, calculation: ReadonlyMap<string, string>): string {
  if (calculation.size === 0) return xml;
  const existing = firstStartTag(xml, ["calcPr"]);
  if (existing !== undefined) {
    const attrs = attributes(existing.text);
    const added = [...calculation]
      .filter(([name]) => !attrs.has(name))
      .map(([name, value]) => ` ${name}="${encodeXml(value)}"`)
      .join("");
    const close = existing.selfClosing ? existing.text.length - 2 : existing.text.length - 1;
    return `${xml.slice(0, existing.start)}${existing.text.slice(0, close)}${added}${existing.text.slice(close)}${xml.slice(existing.end)}`;
  }
  // No calcPr at all: it goes after the sheets and defined names, before anything else.
  const extra = [...calculation].map(([name, value]) => ` ${name}="${encodeXml(value)}"`).join("");
  const after = elements(xml, ["sheets", "definedNames"]).reduce((end, element) => Math.max(end, element.end), -1);
  return after < 0 ? xml : `${xml.slice(0, after)}<calcPr${extra}/>${xml.slice(after)}`;
}

/**
 * Copies the parts set aside by `forExcelJs` back into the package exceljs wrote, with
 * their relationships and content types, and the workbook's calculation settings.
 * Returns the bytes unchanged when there is nothing to copy back.
 */
export async function restoreKept(
  written: Uint8Array,
  kept: KeptParts,
  inflate: Inflater,
  options: PrepareOptions = {},
  added: readonly ConditionalFormatWrite[] = [],
): Promise<Uint8Array> {
  if (!hasKept(kept) && added.length === 0) return written;
  const parts = await unpack(written, inflate, options.maxUnpackedBytes ?? MAX_UNPACKED_BYTES);
  for (const [name, data] of kept.parts) if (findPart(parts, name) === undefined) parts.set(name.replace(/^\/+/, ""), data);

  const update = (name: string, change: (xml: string) => string): void => {
    const key = findPart(parts, name);
    const data = key === undefined ? undefined : parts.get(key);
    if (key === undefined || data === undefined) return;
    parts.set(key, strToU8(change(strFromU8(data))));
  };
  update(PACKAGE_RELS, (xml) => addRelationships(xml, kept.packageRelationships));
  update(WORKBOOK_RELS, (xml) => addRelationships(xml, kept.workbookRelationships));
  update(CONTENT_TYPES, (xml) => addOverrides(xml, kept, parts));
  update(WORKBOOK, (xml) => restoreCalculation(xml, kept.calculation));
  if (kept.headerless) noFilterWithoutHeaders(parts);
  const formats = kept.conditionalFormats ?? NO_FORMATS;
  if (hasFormats(formats) || added.length > 0) restoreConditionalFormats(parts, formats, added);
  return pack(parts, 6);
}
