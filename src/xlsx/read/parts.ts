/**
 * The parts of an .xlsx package, found by name and unpacked on demand, straight into the
 * XML scanner: a part is never held whole, and its declared size is checked against the
 * limits before a byte of it is unpacked. Part names are matched the way Office matches
 * them: without regard to case, with or without a leading slash, backslashes as slashes;
 * a package that lists one part twice is refused as damaged.
 */
import { XlsxReadError } from "../errors";
import { DEFLATED, duplicatePart, normalisePartName, packedData, STORED, type ZipEntry } from "../zip";
import { type Inflater, InflatedTooLarge } from "./inflate";
import { type ReadLimits, size } from "./limits";
import { XmlError, type XmlHandler, XmlScanner } from "./xml";

/** Stored (not deflated) parts are fed to the scanner in pieces of this size. */
const STORED_PIECE = 1024 * 1024;

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim() || "unknown error";
}

function damaged(why: string): XlsxReadError {
  return new XlsxReadError(`the file is damaged: ${why}`);
}

/** A decoder for the part's encoding: UTF-8 unless it starts with a UTF-16 byte order mark. */
function decoderFor(first: Uint8Array): TextDecoder {
  if (first[0] === 0xff && first[1] === 0xfe) return new TextDecoder("utf-16le");
  if (first[0] === 0xfe && first[1] === 0xff) return new TextDecoder("utf-16be");
  return new TextDecoder("utf-8");
}

export class PlanPackage {
  private readonly byName = new Map<string, ZipEntry>();
  private inflated = 0;

  constructor(
    private readonly bytes: Uint8Array,
    entries: readonly ZipEntry[],
    private readonly inflate: Inflater,
    private readonly limits: ReadLimits,
  ) {
    // Two parts of one name (in any case): which one Excel would read is anyone's guess.
    const twice = duplicatePart(entries);
    if (twice !== null) throw damaged(`the archive holds part ${twice} twice`);
    for (const entry of entries) this.byName.set(normalisePartName(entry.name), entry);
  }

  has(name: string): boolean {
    return this.byName.has(normalisePartName(name));
  }

  /**
   * Scans one part with the handler; false when the package has no such part. `stop` is
   * asked after every piece: once it says yes the rest of the part is never unpacked.
   */
  async scan(name: string, handler: XmlHandler, stop: () => boolean = () => false): Promise<boolean> {
    const entry = this.byName.get(normalisePartName(name));
    if (entry === undefined) return false;
    this.allow(entry);
    const scanner = new XmlScanner(handler);
    let decoder: TextDecoder | null = null;
    let stopped = false;
    try {
      for await (const piece of this.pieces(entry)) {
        decoder ??= decoderFor(piece);
        scanner.feed(decoder.decode(piece, { stream: true }));
        if (stop()) {
          stopped = true;
          break;
        }
      }
      if (!stopped) {
        if (decoder !== null) scanner.feed(decoder.decode());
        scanner.end();
      }
    } catch (error) {
      if (error instanceof XlsxReadError) throw error;
      if (error instanceof XmlError) throw damaged(`${error.message} (${entry.name})`);
      if (error instanceof InflatedTooLarge) throw damaged(`part ${entry.name} unpacks to more than the ${size(entry.size)} its directory entry says`);
      throw damaged(`part ${entry.name} cannot be unpacked (${firstLine(error)})`);
    }
    return true;
  }

  /** Checks the declared size against the limits before anything is unpacked. */
  private allow(entry: ZipEntry): void {
    if (entry.encrypted) throw damaged(`part ${entry.name} is encrypted`);
    if (entry.method !== STORED && entry.method !== DEFLATED) {
      throw damaged(`part ${entry.name} is packed with a method .xlsx files do not use (method ${entry.method})`);
    }
    const { maxPartBytes, maxTotalInflatedBytes } = this.limits;
    if (entry.size > maxPartBytes) {
      throw new XlsxReadError(
        `the file's part ${entry.name} unpacks to ${size(entry.size)}; Grant Planner reads parts of up to ${size(maxPartBytes)}`,
      );
    }
    if (this.inflated + entry.size > maxTotalInflatedBytes) {
      throw new XlsxReadError(
        `the parts of the file that hold the plan unpack to more than ${size(maxTotalInflatedBytes)}, more than Grant Planner reads`,
      );
    }
    this.inflated += entry.size;
  }

  private async *pieces(entry: ZipEntry): AsyncGenerator<Uint8Array> {
    const packed = packedData(this.bytes, entry);
    if (typeof packed === "string") throw damaged(packed);
    if (entry.method === STORED) {
      if (packed.byteLength !== entry.size) throw damaged(`part ${entry.name} is not the size its directory entry says`);
      for (let at = 0; at < packed.byteLength; at += STORED_PIECE) yield packed.subarray(at, at + STORED_PIECE);
      return;
    }
    let total = 0;
    for await (const piece of this.inflate(packed, entry.size)) {
      total += piece.byteLength;
      // Counted here as well, so an inflater that ignores its allowance is still stopped.
      if (total > entry.size) throw new InflatedTooLarge(entry.size);
      yield piece;
    }
  }
}
