/**
 * A PDF read back with Poppler's command-line tools (Debian: poppler-utils, installed by
 * scripts/system-deps.sh): each page's size from pdfinfo, its text from pdftotext (laid out
 * as printed), where each word is printed (pdftotext -bbox) and its picture from pdftoppm as a
 * PNG.
 */
import { execFile } from "node:child_process";
import { mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Each tool reads a few pages in well under a second; this is for a loaded machine. */
export const POPPLER_TIMEOUT_MS = 60_000;

/** The resolution the page pictures are drawn at: A4 landscape is then 1169 × 827 pixels. */
export const PAGE_DPI = 100;

export interface PdfPage {
  /** 1 for the first page. */
  readonly number: number;
  /** The page's size in points (1/72 inch), as pdfinfo gives it. */
  readonly widthPt: number;
  readonly heightPt: number;
  /** The page's text as pdftotext -layout lays it out. */
  readonly text: string;
  /** Each word printed on the page and the box it takes. */
  readonly words: readonly PrintedWord[];
  /** The page drawn by pdftoppm at PAGE_DPI. */
  readonly png: Uint8Array;
}

/** A word where pdftotext found it, in points from the page's top left corner. */
export interface PrintedWord {
  readonly text: string;
  readonly xMin: number;
  readonly yMin: number;
  readonly xMax: number;
  readonly yMax: number;
}

const XML_ENTITIES: Readonly<Record<string, string>> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function unescapeXml(text: string): string {
  return text.replace(/&(amp|lt|gt|quot|apos);/g, (whole, name: string) => XML_ENTITIES[name] ?? whole);
}

/** pdftotext -bbox writes each page as <page ...> and each word as <word xMin=".." ...>text</word>. */
function printedWords(bbox: string): PrintedWord[][] {
  return bbox
    .split(/<page\b/)
    .slice(1)
    .map((page) =>
      [...page.matchAll(/<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)<\/word>/g)].map((m) => ({
        text: unescapeXml(m[5] ?? ""),
        xMin: Number(m[1]),
        yMin: Number(m[2]),
        xMax: Number(m[3]),
        yMax: Number(m[4]),
      })),
    );
}

/**
 * Pairs of words printed over each other: their boxes share more than `acrossPt` across and
 * more than half the shorter word's height down. (A word's box is its font's full height, so
 * the lines of a cell whose text wraps share a sliver of it; one text printed over another
 * shares most of it.)
 */
export function overlappingWords(words: readonly PrintedWord[], acrossPt = 0.5): [PrintedWord, PrintedWord][] {
  const sorted = [...words].sort((a, b) => a.xMin - b.xMin);
  const pairs: [PrintedWord, PrintedWord][] = [];
  for (let i = 0; i < sorted.length; i++) {
    const a = sorted[i];
    if (a === undefined) continue;
    for (let j = i + 1; j < sorted.length; j++) {
      const b = sorted[j];
      if (b === undefined || b.xMin >= a.xMax - acrossPt) break;
      const across = Math.min(a.xMax, b.xMax) - Math.max(a.xMin, b.xMin);
      const down = Math.min(a.yMax, b.yMax) - Math.max(a.yMin, b.yMin);
      const shorter = Math.min(a.yMax - a.yMin, b.yMax - b.yMin);
      if (across > acrossPt && down > shorter / 2) pairs.push([a, b]);
    }
  }
  return pairs;
}

function poppler(command: string, args: readonly string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: POPPLER_TIMEOUT_MS, maxBuffer: 64 * 1024 * 1024, encoding: "utf8" }, (error, stdout, stderr) => {
      if (error !== null) {
        const missing = "code" in error && error.code === "ENOENT" ? " (install it with: apt-get install poppler-utils)" : "";
        reject(new Error(`${command} failed${missing}: ${error.message} ${stderr}`.trim()));
      } else resolve(stdout);
    });
  });
}

/** pdfinfo's "Pages:" line. */
function pageCount(info: string): number {
  const match = /^Pages:\s+(\d+)$/m.exec(info);
  if (match?.[1] === undefined) throw new Error(`pdfinfo gave no page count:\n${info}`);
  return Number(match[1]);
}

/** pdfinfo -f 1 -l n gives a line "Page    3 size: 841.89 x 595.28 pts (A4)" per page. */
function pageSizes(info: string): Map<number, { widthPt: number; heightPt: number }> {
  const sizes = new Map<number, { widthPt: number; heightPt: number }>();
  for (const match of info.matchAll(/^Page\s+(\d+) size:\s+([\d.]+) x ([\d.]+) pts/gm)) {
    sizes.set(Number(match[1]), { widthPt: Number(match[2]), heightPt: Number(match[3]) });
  }
  return sizes;
}

/** Every page of the PDF: its size, its text and its picture. */
export async function pdfPages(pdf: Uint8Array): Promise<PdfPage[]> {
  const work = await mkdtemp(join(tmpdir(), "grant-planner-pdf-"));
  try {
    const file = join(work, "document.pdf");
    await writeFile(file, pdf);
    const count = pageCount(await poppler("pdfinfo", [file]));
    const sizes = pageSizes(await poppler("pdfinfo", ["-f", "1", "-l", String(count), file]));
    // pdftotext ends every page with a form feed.
    const texts = (await poppler("pdftotext", ["-layout", "-enc", "UTF-8", file, "-"])).split("\f");
    const words = printedWords(await poppler("pdftotext", ["-bbox", "-enc", "UTF-8", file, "-"]));
    await poppler("pdftoppm", ["-png", "-r", String(PAGE_DPI), file, join(work, "page")]);
    // pdftoppm numbers its files page-1.png or page-01.png..., by the number of pages.
    const images = new Map<number, string>();
    for (const name of await readdir(work)) {
      const match = /^page-(\d+)\.png$/.exec(name);
      if (match?.[1] !== undefined) images.set(Number(match[1]), join(work, name));
    }
    const pages: PdfPage[] = [];
    for (let number = 1; number <= count; number++) {
      const size = sizes.get(number);
      const image = images.get(number);
      if (size === undefined || image === undefined) throw new Error(`page ${number} of ${count}: pdfinfo or pdftoppm gave nothing for it`);
      pages.push({ number, ...size, text: texts[number - 1] ?? "", words: words[number - 1] ?? [], png: new Uint8Array(await readFile(image)) });
    }
    return pages;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
