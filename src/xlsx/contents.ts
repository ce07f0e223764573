/**
 * What an .xlsx file holds that Grant Planner's .xlsx host does not write back: charts,
 * pivot tables, slicers, threaded comments, pictures or shapes, form controls, macros and
 * external links. Saving such a file from file mode writes a copy without them, so the
 * pane says so when the file opens.
 *
 * An .xlsx file is a zip archive; its central directory lists every part by name,
 * uncompressed. Only those names are read (the parts themselves stay packed), so a part
 * whose text merely mentions "xl/charts/" is never taken for a chart.
 */

/** One kind of content, in the words the pane shows, and the part names that carry it. */
interface Kind {
  readonly words: string;
  /** Lower-case part-name prefixes (no leading slash). */
  readonly prefixes: readonly string[];
  /** Parts under a prefix that are not this kind after all. */
  readonly except?: RegExp;
}

const KINDS: readonly Kind[] = [
  { words: "charts", prefixes: ["xl/charts/", "xl/chartsheets/"] },
  { words: "pivot tables", prefixes: ["xl/pivottables/", "xl/pivotcache/"] },
  { words: "slicers", prefixes: ["xl/slicers/", "xl/slicercaches/"] },
  { words: "timelines", prefixes: ["xl/timelines/", "xl/timelinecaches/"] },
  { words: "threaded comments", prefixes: ["xl/threadedcomments/"] },
  // Cell notes are drawn by VML parts in the same folder, and those are written back.
  { words: "pictures or shapes", prefixes: ["xl/drawings/"], except: /^xl\/drawings\/(?:_rels\/)?vmldrawing[^/]*$/ },
  { words: "form controls", prefixes: ["xl/ctrlprops/", "xl/activex/"] },
  { words: "macros", prefixes: ["xl/vbaproject.bin", "xl/macrosheets/", "xl/dialogsheets/"] },
  { words: "external links", prefixes: ["xl/externallinks/"] },
];

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
/** The fixed part of the end-of-directory record; a comment of up to 65,535 bytes may follow it. */
const END_LENGTH = 22;
const ENTRY_LENGTH = 46;

function u16(bytes: Uint8Array, at: number): number {
  return (bytes[at] ?? 0) | ((bytes[at + 1] ?? 0) << 8);
}

function u32(bytes: Uint8Array, at: number): number {
  return (u16(bytes, at) | (u16(bytes, at + 2) << 16)) >>> 0;
}

function u64(bytes: Uint8Array, at: number): number {
  return u32(bytes, at) + u32(bytes, at + 4) * 0x1_0000_0000;
}

/** Where the end-of-directory record starts: the last one whose comment runs exactly to the end of the file. */
function endOfDirectory(bytes: Uint8Array): number | null {
  const lowest = Math.max(0, bytes.length - END_LENGTH - 0xffff);
  let loose: number | null = null;
  for (let at = bytes.length - END_LENGTH; at >= lowest; at--) {
    if (u32(bytes, at) !== END_OF_DIRECTORY) continue;
    if (at + END_LENGTH + u16(bytes, at + 20) === bytes.length) return at;
    loose ??= at;
  }
  // A file with bytes after the archive (padding from a download, say) still has its directory.
  return loose;
}

interface Directory {
  readonly offset: number;
  readonly size: number;
  readonly count: number;
}

function directory(bytes: Uint8Array): Directory | null {
  const end = endOfDirectory(bytes);
  if (end === null) return null;
  let count = u16(bytes, end + 10);
  let size = u32(bytes, end + 12);
  let offset = u32(bytes, end + 16);
  // A ZIP64 archive keeps the real figures in a record of its own, found through a locator just before.
  const locator = end - 20;
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR) {
    const record = u64(bytes, locator + 8);
    if (record + 56 <= bytes.length && u32(bytes, record) === ZIP64_END_OF_DIRECTORY) {
      count = u64(bytes, record + 32);
      size = u64(bytes, record + 40);
      offset = u64(bytes, record + 48);
    }
  }
  // Data in front of the archive shifts every offset; the directory then ends where the end record starts.
  if (u32(bytes, offset) !== DIRECTORY_ENTRY && size <= end && u32(bytes, end - size) === DIRECTORY_ENTRY) offset = end - size;
  if (offset + size > bytes.length) return null;
  return { offset, size, count };
}

/** Part names as stored, one byte a character: the prefixes looked for are plain ASCII in any encoding. */
function partNames(bytes: Uint8Array): string[] {
  const found = directory(bytes);
  if (found === null) return [];
  const names: string[] = [];
  const stop = found.offset + found.size;
  let at = found.offset;
  while (at + ENTRY_LENGTH <= stop && u32(bytes, at) === DIRECTORY_ENTRY && names.length < found.count) {
    const nameLength = u16(bytes, at + 28);
    const next = at + ENTRY_LENGTH + nameLength + u16(bytes, at + 30) + u16(bytes, at + 32);
    if (next > stop) break;
    let name = "";
    for (let i = at + ENTRY_LENGTH; i < at + ENTRY_LENGTH + nameLength; i++) name += String.fromCharCode(bytes[i] ?? 0);
    names.push(name);
    at = next;
  }
  return names;
}

/** "xl/Charts/chart1.xml", "/xl\\charts\\chart1.xml" → "xl/charts/chart1.xml": part names ignore case. */
function normalise(name: string): string {
  return name.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();
}

/**
 * The kinds of content in an .xlsx file that saving it again would drop, in words a person
 * understands ("charts", "pivot tables", "macros"), in a fixed order; empty when there are
 * none or the bytes are not a zip archive.
 */
export function unkeptParts(bytes: Uint8Array): string[] {
  // Some writers (exceljs among them) list folders too ("xl/drawings/"); a folder holds nothing by itself.
  const names = partNames(bytes)
    .map(normalise)
    .filter((name) => !name.endsWith("/"));
  return KINDS.filter((kind) =>
    names.some((name) => kind.prefixes.some((prefix) => name.startsWith(prefix)) && (kind.except === undefined || !kind.except.test(name))),
  ).map((kind) => kind.words);
}

/** "charts", "charts and macros", "charts, slicers and macros". */
export function listInWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}
