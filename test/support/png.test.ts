/**
 * The small PNG reader the LibreOffice screenshot test uses to tell a blank page from a
 * drawn one: images written here by the PNG rules, every row filter among them, come back
 * pixel for pixel, and what it does not cover is refused, not misread.
 */
import { deflateSync } from "node:zlib";
import { decodePng, nonWhitePixels, pngHeader } from "./png";

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = (CRC_TABLE[(c ^ b) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, "latin1");
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** The predictor of each filter type, from the PNG specification (section 9.2). */
function predict(filter: number, left: number, up: number, upLeft: number): number {
  if (filter === 1) return left;
  if (filter === 2) return up;
  if (filter === 3) return Math.floor((left + up) / 2);
  if (filter === 4) {
    const p = left + up - upLeft;
    const [pa, pb, pc] = [Math.abs(p - left), Math.abs(p - up), Math.abs(p - upLeft)];
    return pa <= pb && pa <= pc ? left : pb <= pc ? up : upLeft;
  }
  return 0;
}

/** A PNG of `rows` (each `width * channels` samples), row y written with filter `filters[y]`. */
function encode(width: number, colourType: number, channels: number, rows: readonly number[][], filters: readonly number[], interlace = 0): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(rows.length, 4);
  ihdr.set([8, colourType, 0, 0, interlace], 8);
  const raw: number[] = [];
  rows.forEach((row, y) => {
    const filter = filters[y] ?? 0;
    raw.push(filter);
    row.forEach((sample, x) => {
      const left = x >= channels ? (row[x - channels] ?? 0) : 0;
      const up = y > 0 ? (rows[y - 1]?.[x] ?? 0) : 0;
      const upLeft = x >= channels && y > 0 ? (rows[y - 1]?.[x - channels] ?? 0) : 0;
      raw.push((sample - predict(filter, left, up, upLeft)) & 0xff);
    });
  });
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const data = deflateSync(Buffer.from(raw));
  // The image data split over two IDAT chunks, as the format allows.
  const half = Math.floor(data.length / 2);
  return new Uint8Array(
    Buffer.concat([signature, chunk("IHDR", ihdr), chunk("IDAT", data.subarray(0, half)), chunk("IDAT", data.subarray(half)), chunk("IEND", new Uint8Array())]),
  );
}

/** Three RGB pixels a row, five rows: white, then colours that make every filter matter. */
const RGB_ROWS = [
  [255, 255, 255, 255, 255, 255, 255, 255, 255],
  [10, 200, 30, 250, 5, 128, 255, 255, 255],
  [0, 0, 0, 17, 34, 51, 200, 100, 50],
  [255, 255, 255, 99, 1, 254, 3, 250, 7],
  [128, 128, 128, 129, 127, 126, 255, 255, 254],
];

describe("the PNG reader", () => {
  it("reads the size from the header", () => {
    expect(pngHeader(encode(3, 2, 3, RGB_ROWS, [0, 0, 0, 0, 0]))).toEqual({ width: 3, height: 5, bitDepth: 8, colourType: 2, interlaced: false });
  });

  it.each([
    ["rows with no filter", [0, 0, 0, 0, 0]],
    ["the sub filter", [1, 1, 1, 1, 1]],
    ["the up filter", [2, 2, 2, 2, 2]],
    ["the average filter", [3, 3, 3, 3, 3]],
    ["the Paeth filter", [4, 4, 4, 4, 4]],
    ["a different filter each row", [0, 1, 2, 3, 4]],
  ])("reads %s pixel for pixel", (_, filters) => {
    const image = decodePng(encode(3, 2, 3, RGB_ROWS, filters));
    expect(Array.from(image.pixels)).toEqual(RGB_ROWS.flat());
    // Row 1: all white; rows 2 and 4: two coloured and one white; rows 3 and 5: all three (254 is not white).
    expect(nonWhitePixels(image)).toBe(0 + 2 + 3 + 2 + 3);
  });

  it("counts grey and grey-with-alpha pixels by their grey only", () => {
    expect(nonWhitePixels(decodePng(encode(4, 0, 1, [[255, 0, 255, 254]], [4])))).toBe(2);
    expect(nonWhitePixels(decodePng(encode(2, 4, 2, [[255, 0, 10, 255]], [1])))).toBe(1);
    expect(nonWhitePixels(decodePng(encode(2, 6, 4, [[255, 255, 255, 0, 255, 254, 255, 255]], [2])))).toBe(1);
  });

  it("refuses what it does not read: not a PNG, an interlaced image, a palette", () => {
    expect(() => pngHeader(new Uint8Array([1, 2, 3]))).toThrow(/not a PNG/);
    expect(() => decodePng(encode(1, 2, 3, [[1, 2, 3]], [0], 1))).toThrow(/not covered/);
    expect(() => decodePng(encode(1, 3, 1, [[0]], [0]))).toThrow(/not covered/);
  });
});
