/**
 * The zip archive an .xlsx file is, as far as reading it needs: the central directory (the
 * list of parts with their packed and unpacked sizes) and where each part's bytes sit.
 * Nothing is unpacked here; the directory is read from the end of the file, so a file
 * with bytes before the archive (a self-extracting stub, a download wrapper) or after it
 * still opens, and ZIP64 archives (over 4 GB or 65,535 parts) are understood.
 */

const END_OF_DIRECTORY = 0x06054b50;
const ZIP64_LOCATOR = 0x07064b50;
const ZIP64_END_OF_DIRECTORY = 0x06064b50;
const DIRECTORY_ENTRY = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** The fixed part of the end-of-directory record; a comment of up to 65,535 bytes may follow it. */
const END_LENGTH = 22;
const ENTRY_LENGTH = 46;
const LOCAL_LENGTH = 30;
const ZIP64_RECORD_LENGTH = 56;
const ZIP64_EXTRA = 0x0001;
/** General purpose flag bits: the part is encrypted; its name is UTF-8. */
const FLAG_ENCRYPTED = 0x0001;
const FLAG_UTF8 = 0x0800;

/** How a part is packed: stored as is, or deflated. Other methods are not used by .xlsx writers. */
export const STORED = 0;
export const DEFLATED = 8;

export interface ZipEntry {
  /** The part name as written in the directory ("xl/worksheets/sheet1.xml"). */
  readonly name: string;
  readonly method: number;
  readonly encrypted: boolean;
  readonly compressedSize: number;
  /** The unpacked size the directory declares (a damaged or hostile file may lie). */
  readonly size: number;
  /** Where the part's local header starts, already corrected for bytes before the archive. */
  readonly localHeader: number;
}

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
  /** How far every offset the archive records is off: the length of any data in front of it. */
  readonly shift: number;
}

function directory(bytes: Uint8Array): Directory | null {
  const end = endOfDirectory(bytes);
  if (end === null) return null;
  let count = u16(bytes, end + 10);
  let size = u32(bytes, end + 12);
  let offset = u32(bytes, end + 16);
  /** Where the directory ought to end: at the end record, or at the ZIP64 record when there is one. */
  let directoryEnd = end;
  // A ZIP64 archive keeps the real figures in a record of its own, found through a locator just before.
  const locator = end - 20;
  if ((count === 0xffff || size === 0xffffffff || offset === 0xffffffff) && locator >= 0 && u32(bytes, locator) === ZIP64_LOCATOR) {
    let record = u64(bytes, locator + 8);
    // With data in front of the archive the recorded position is off; the record sits just before its locator.
    if (u32(bytes, record) !== ZIP64_END_OF_DIRECTORY && locator >= ZIP64_RECORD_LENGTH) record = locator - ZIP64_RECORD_LENGTH;
    if (record + ZIP64_RECORD_LENGTH <= bytes.length && u32(bytes, record) === ZIP64_END_OF_DIRECTORY) {
      count = u64(bytes, record + 32);
      size = u64(bytes, record + 40);
      offset = u64(bytes, record + 48);
      directoryEnd = record;
    }
  }
  const declared = offset;
  // Data in front of the archive shifts every offset; the directory then ends where the end record starts.
  if (count > 0 && u32(bytes, offset) !== DIRECTORY_ENTRY && size <= directoryEnd && u32(bytes, directoryEnd - size) === DIRECTORY_ENTRY) {
    offset = directoryEnd - size;
  }
  if (offset + size > bytes.length) return null;
  return { offset, size, count, shift: offset - declared };
}

/** A name as stored: UTF-8 when the entry says so, otherwise one byte a character (ASCII in any encoding). */
function entryName(bytes: Uint8Array, from: number, length: number, utf8: boolean): string {
  const raw = bytes.subarray(from, from + length);
  if (utf8) return new TextDecoder("utf-8").decode(raw);
  let name = "";
  for (const byte of raw) name += String.fromCharCode(byte);
  return name;
}

/** The ZIP64 figures of one directory entry, for each of its fields that reads 0xffffffff. */
function zip64Sizes(
  bytes: Uint8Array,
  extraFrom: number,
  extraLength: number,
  fields: { size: number; compressedSize: number; localHeader: number },
): { size: number; compressedSize: number; localHeader: number } {
  let at = extraFrom;
  const stop = extraFrom + extraLength;
  while (at + 4 <= stop) {
    const id = u16(bytes, at);
    const length = u16(bytes, at + 2);
    if (id === ZIP64_EXTRA) {
      let field = at + 4;
      const next = (): number => {
        const value = field + 8 <= at + 4 + length ? u64(bytes, field) : 0xffffffff;
        field += 8;
        return value;
      };
      const size = fields.size === 0xffffffff ? next() : fields.size;
      const compressedSize = fields.compressedSize === 0xffffffff ? next() : fields.compressedSize;
      const localHeader = fields.localHeader === 0xffffffff ? next() : fields.localHeader;
      return { size, compressedSize, localHeader };
    }
    at += 4 + length;
  }
  return fields;
}

/**
 * The parts listed in the archive's central directory, in directory order; null when the
 * bytes hold no zip directory at all. A directory cut short yields the entries before the cut.
 */
export function zipEntries(bytes: Uint8Array): ZipEntry[] | null {
  const found = directory(bytes);
  if (found === null) return null;
  const entries: ZipEntry[] = [];
  const stop = found.offset + found.size;
  let at = found.offset;
  while (at + ENTRY_LENGTH <= stop && u32(bytes, at) === DIRECTORY_ENTRY && entries.length < found.count) {
    const flags = u16(bytes, at + 8);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const next = at + ENTRY_LENGTH + nameLength + extraLength + u16(bytes, at + 32);
    if (next > stop) break;
    const sizes = zip64Sizes(bytes, at + ENTRY_LENGTH + nameLength, extraLength, {
      compressedSize: u32(bytes, at + 20),
      size: u32(bytes, at + 24),
      localHeader: u32(bytes, at + 42),
    });
    entries.push({
      name: entryName(bytes, at + ENTRY_LENGTH, nameLength, (flags & FLAG_UTF8) !== 0),
      method: u16(bytes, at + 10),
      encrypted: (flags & FLAG_ENCRYPTED) !== 0,
      compressedSize: sizes.compressedSize,
      size: sizes.size,
      localHeader: sizes.localHeader + found.shift,
    });
    at = next;
  }
  return entries;
}

/** The packed bytes of one part (a view into `bytes`), or a sentence saying why they cannot be found. */
export function packedData(bytes: Uint8Array, entry: ZipEntry): Uint8Array | string {
  const at = entry.localHeader;
  if (at < 0 || at + LOCAL_LENGTH > bytes.length || u32(bytes, at) !== LOCAL_HEADER) {
    return `part ${entry.name} is not where the archive's directory says`;
  }
  const start = at + LOCAL_LENGTH + u16(bytes, at + 26) + u16(bytes, at + 28);
  if (start + entry.compressedSize > bytes.length) return `part ${entry.name} is cut short (the file is incomplete)`;
  return bytes.subarray(start, start + entry.compressedSize);
}

/** "xl/Charts/chart1.xml", "/xl\\charts\\chart1.xml" → "xl/charts/chart1.xml": part names ignore case. */
export function normalisePartName(name: string): string {
  return name.replace(/\\/g, "/").replace(/^\/+/, "").toLowerCase();
}

/**
 * The first part the directory lists more than once (names compared as Office compares
 * part names: ignoring case, a leading slash and slash direction), as written the second
 * time; null when every part is listed once. Such a package names two different parts the
 * same way, and programs disagree about which one they read. Folder entries do not count.
 */
export function duplicatePart(entries: readonly ZipEntry[]): string | null {
  const seen = new Set<string>();
  for (const entry of entries) {
    if (entry.name.endsWith("/")) continue;
    const name = normalisePartName(entry.name);
    if (seen.has(name)) return entry.name;
    seen.add(name);
  }
  return null;
}
