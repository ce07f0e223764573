// Draws the Grant Planner icon (a green rounded tile with a white rising bar chart
// standing on a baseline) at every size the manifest uses, and writes RGBA PNGs to
// assets/. Run with `node scripts/make-icons.mjs`. Output is deterministic.
import { deflateSync } from "node:zlib";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const SIZES = [16, 32, 64, 80, 128];
const OUT_DIR = join(dirname(fileURLToPath(import.meta.url)), "..", "assets");

/** Tile colour and the chart colour, as [r, g, b]. */
const GREEN = [16, 124, 65];
const WHITE = [255, 255, 255];

// ---- CRC-32 (ISO-HDLC polynomial, as PNG chunks require) ----
const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n += 1) {
    let c = n;
    for (let k = 0; k < 8; k += 1) {
      c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    }
    table[n] = c >>> 0;
  }
  return table;
})();

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) {
    crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const typeBytes = Buffer.from(type, "ascii");
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([typeBytes, data])), 0);
  return Buffer.concat([length, typeBytes, data, crc]);
}

/** Encodes width x height RGBA pixels (row-major, 4 bytes each) as a PNG file. */
function encodePng(width, height, rgba) {
  const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // colour type: truecolour with alpha
  header[10] = 0; // deflate
  header[11] = 0; // adaptive filtering
  header[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y += 1) {
    raw[y * (stride + 1)] = 0; // filter: none
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  return Buffer.concat([
    signature,
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

// ---- Shapes, in unit coordinates (0..1 across the icon) ----
function insideRoundedSquare(x, y, inset, radius) {
  const lo = inset;
  const hi = 1 - inset;
  if (x < lo || x > hi || y < lo || y > hi) return false;
  const cx = Math.min(Math.max(x, lo + radius), hi - radius);
  const cy = Math.min(Math.max(y, lo + radius), hi - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** Three rising bars and a baseline: the "plan against target" picture. */
const CHART_RECTS = [
  // [left, top, right, bottom]
  [0.22, 0.56, 0.36, 0.76],
  [0.43, 0.42, 0.57, 0.76],
  [0.64, 0.26, 0.78, 0.76],
  [0.18, 0.76, 0.82, 0.82],
];

function insideChart(x, y) {
  return CHART_RECTS.some(([l, t, r, b]) => x >= l && x <= r && y >= t && y <= b);
}

/** Colour of one sample point: [r, g, b, a] with a in 0..1. */
function sample(x, y) {
  if (!insideRoundedSquare(x, y, 0.04, 0.2)) return [0, 0, 0, 0];
  return insideChart(x, y) ? [...WHITE, 1] : [...GREEN, 1];
}

/** Renders one size with 4x4 supersampling so edges stay smooth at 16 px. */
function render(size) {
  const grid = 4;
  const pixels = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py += 1) {
    for (let px = 0; px < size; px += 1) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < grid; sy += 1) {
        for (let sx = 0; sx < grid; sx += 1) {
          const [sr, sg, sb, sa] = sample((px + (sx + 0.5) / grid) / size, (py + (sy + 0.5) / grid) / size);
          r += sr * sa;
          g += sg * sa;
          b += sb * sa;
          a += sa;
        }
      }
      const offset = (py * size + px) * 4;
      if (a > 0) {
        pixels[offset] = Math.round(r / a);
        pixels[offset + 1] = Math.round(g / a);
        pixels[offset + 2] = Math.round(b / a);
      }
      pixels[offset + 3] = Math.round((a / (grid * grid)) * 255);
    }
  }
  return encodePng(size, size, pixels);
}

mkdirSync(OUT_DIR, { recursive: true });
for (const size of SIZES) {
  const file = join(OUT_DIR, `icon-${size}.png`);
  const png = render(size);
  writeFileSync(file, png);
  console.log(`wrote ${file} (${png.length} bytes)`);
}
