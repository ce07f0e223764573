/**
 * Just enough of a PNG reader to tell whether a rendered page is blank: the image's size
 * from its header, and its pixels (8 bits per sample, not interlaced, as pdftoppm writes
 * them) to count those that are not white.
 */
import { inflateSync } from "node:zlib";

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/** Samples per pixel by colour type: grey, RGB, grey + alpha, RGBA. Palettes are not read. */
const CHANNELS: Readonly<Record<number, number>> = { 0: 1, 2: 3, 4: 2, 6: 4 };

export interface PngHeader {
  readonly width: number;
  readonly height: number;
  readonly bitDepth: number;
  readonly colourType: number;
  readonly interlaced: boolean;
}

export interface PngImage extends PngHeader {
  /** Samples per pixel. */
  readonly channels: number;
  /** The pixels, row after row, `channels` bytes each, filters undone. */
  readonly pixels: Uint8Array;
}

interface Chunk {
  readonly type: string;
  readonly data: Uint8Array;
}

function chunks(bytes: Uint8Array): Chunk[] {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) throw new Error("not a PNG: the signature is missing");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const found: Chunk[] = [];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) throw new Error(`not a PNG: chunk ${type} runs past the end of the file`);
    found.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === "IEND") break;
  }
  return found;
}

/** The image header (IHDR), which the PNG format puts first. */
export function pngHeader(bytes: Uint8Array): PngHeader {
  const first = chunks(bytes)[0];
  if (first === undefined || first.type !== "IHDR" || first.data.length !== 13) throw new Error("not a PNG: IHDR is not the first chunk");
  const view = new DataView(first.data.buffer, first.data.byteOffset, first.data.byteLength);
  return {
    width: view.getUint32(0),
    height: view.getUint32(4),
    bitDepth: view.getUint8(8),
    colourType: view.getUint8(9),
    interlaced: view.getUint8(12) !== 0,
  };
}

function paeth(left: number, up: number, upLeft: number): number {
  const p = left + up - upLeft;
  const pa = Math.abs(p - left);
  const pb = Math.abs(p - up);
  const pc = Math.abs(p - upLeft);
  if (pa <= pb && pa <= pc) return left;
  return pb <= pc ? up : upLeft;
}

/** Decodes the pixels; throws for the kinds of PNG this reader does not cover. */
export function decodePng(bytes: Uint8Array): PngImage {
  const header = pngHeader(bytes);
  const channels = CHANNELS[header.colourType];
  if (channels === undefined || header.bitDepth !== 8 || header.interlaced) {
    throw new Error(`PNG not covered: colour type ${header.colourType}, ${header.bitDepth} bits, ${header.interlaced ? "interlaced" : "not interlaced"}`);
  }
  const compressed = Buffer.concat(chunks(bytes).filter((c) => c.type === "IDAT").map((c) => c.data));
  const filtered = inflateSync(compressed);
  const stride = header.width * channels;
  if (filtered.length !== header.height * (stride + 1)) throw new Error(`PNG data is ${filtered.length} bytes, expected ${header.height * (stride + 1)}`);
  const pixels = new Uint8Array(header.height * stride);
  // Row by row, one loop per filter: a page picture is a few million samples.
  for (let y = 0; y < header.height; y++) {
    const filter = filtered[y * (stride + 1)];
    const raw = filtered.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const above = y > 0 ? pixels.subarray((y - 1) * stride, y * stride) : new Uint8Array(stride);
    const left = (x: number): number => (x >= channels ? (row[x - channels] ?? 0) : 0);
    const upLeft = (x: number): number => (x >= channels ? (above[x - channels] ?? 0) : 0);
    switch (filter) {
      case 0:
        row.set(raw);
        break;
      case 1:
        for (let x = 0; x < stride; x++) row[x] = ((raw[x] ?? 0) + left(x)) & 0xff;
        break;
      case 2:
        for (let x = 0; x < stride; x++) row[x] = ((raw[x] ?? 0) + (above[x] ?? 0)) & 0xff;
        break;
      case 3:
        for (let x = 0; x < stride; x++) row[x] = ((raw[x] ?? 0) + Math.floor((left(x) + (above[x] ?? 0)) / 2)) & 0xff;
        break;
      case 4:
        for (let x = 0; x < stride; x++) row[x] = ((raw[x] ?? 0) + paeth(left(x), above[x] ?? 0, upLeft(x))) & 0xff;
        break;
      default:
        throw new Error(`PNG row ${y} has unknown filter ${String(filter)}`);
    }
  }
  return { ...header, channels, pixels };
}

/** How many pixels are not pure white (colour samples below 255; alpha, if any, ignored). */
export function nonWhitePixels(image: PngImage): number {
  const colours = image.colourType === 0 || image.colourType === 4 ? 1 : 3;
  let count = 0;
  for (let at = 0; at < image.pixels.length; at += image.channels) {
    for (let c = 0; c < colours; c++) {
      if ((image.pixels[at + c] ?? 255) < 255) {
        count++;
        break;
      }
    }
  }
  return count;
}
