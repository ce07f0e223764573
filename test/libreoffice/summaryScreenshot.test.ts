/**
 * The exported summary workbook as it prints: `grant-planner summary` writes it with a
 * protective marking, LibreOffice prints it to PDF with the workbook's own page setup, and
 * Poppler gives each page's size, text, words and picture. The example plan's pages are
 * kept as test artifacts (test-artifacts/libreoffice/summary-page-N.png, beside
 * summary.pdf), and so are those of a generated plan long enough to need several pages
 * (summary-long-page-N.png). Every page is A4 landscape, starts with the marking and
 * repeats the heading lines; the Grants table shows the core's figures as en-GB pounds; no
 * page is blank and no words are printed over each other.
 */
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { formatGBP, type Money } from "../../src/plan/money";
import { type BoardSummary, summaryOf } from "../../src/plan/boardpack/summary";
import { parseAsAt } from "../../src/plan/returns/quarters";
import type { PlanData } from "../../src/plan/template";
import { runAt } from "../cli/helpers";
import { exampleData, hostPlanBytes } from "../fixtures/workbooks";
import { generatePlan } from "../support/generate";
import { LIBREOFFICE_RUN_MS, checkedFile, convertWithLibreOffice, loadExcelJs } from "../support/libreoffice";
import { type PdfPage, PAGE_DPI, POPPLER_TIMEOUT_MS, overlappingWords, pdfPages } from "../support/pdf";
import { decodePng, nonWhitePixels, pngHeader } from "../support/png";

const AS_AT = "2020/21-Q2";
/** The day the summary says it was generated: fixed, so that the pictures are the same from run to run. */
const GENERATED_ON = "2020-10-20";
const MARKING = "OFFICIAL-SENSITIVE";
const ARTIFACTS = join(__dirname, "..", "..", "test-artifacts", "libreoffice");

/** A4 is 297 mm × 210 mm: 841.89 × 595.28 points. */
const A4_LONG_PT = (297 / 25.4) * 72;
const A4_SHORT_PT = (210 / 25.4) * 72;

/** Per plan: one LibreOffice run (cold on a busy machine: up to a minute) and five short Poppler runs. */
const BUDGET_MS = 2 * (LIBREOFFICE_RUN_MS + POPPLER_TIMEOUT_MS);

interface Printed {
  /** The core's summary of the plan, which the printed figures must equal. */
  readonly board: BoardSummary;
  /** The heading lines the exported sheet starts with, as the workbook holds them. */
  readonly heading: readonly string[];
  readonly pages: readonly PdfPage[];
}

let work = "";

/**
 * Writes the plan, runs `grant-planner summary` on it, prints the workbook it writes with
 * LibreOffice and keeps the PDF and page pictures as artifacts named after `name`.
 */
async function printSummary(data: PlanData, template: string, name: string): Promise<Printed> {
  const marked: PlanData = { ...data, returns: { ...data.returns, settings: { ...(data.returns?.settings ?? {}), "Protective marking": MARKING } } };
  const planBytes = await hostPlanBytes(marked, template);
  const planPath = join(work, `${name}-plan.xlsx`);
  const summaryPath = join(work, `${name}.xlsx`);
  await writeFile(planPath, planBytes);
  const result = await runAt(GENERATED_ON, "summary", planPath, "-o", summaryPath, "--as-at", AS_AT);
  expect(result.stderr).toBe("");
  expect(result.code).toBe(0);
  const exported = new Uint8Array(await readFile(summaryPath));

  const asAt = parseAsAt(AS_AT);
  if (asAt === null) throw new Error(`not a quarter: ${AS_AT}`);
  const board = summaryOf((await checkedFile(planBytes)).plan, asAt);

  const sheet = (await loadExcelJs(exported)).worksheets[0];
  if (sheet === undefined) throw new Error("the exported workbook has no sheet");
  const heading: string[] = [];
  for (let r = 1; typeof sheet.getRow(r).getCell(1).value === "string"; r++) heading.push(String(sheet.getRow(r).getCell(1).value));

  const pdf = await convertWithLibreOffice(exported, "pdf");
  const pages = await pdfPages(pdf);

  await mkdir(ARTIFACTS, { recursive: true });
  const picture = new RegExp(`^${name}-page-\\d+\\.png$`);
  for (const file of await readdir(ARTIFACTS)) if (picture.test(file)) await rm(join(ARTIFACTS, file));
  await writeFile(join(ARTIFACTS, `${name}.pdf`), pdf);
  for (const page of pages) await writeFile(join(ARTIFACTS, `${name}-page-${page.number}.png`), page.png);
  return { board, heading, pages };
}

const printed = new Map<string, Printed>();

function get(name: string): Printed {
  const found = printed.get(name);
  if (found === undefined) throw new Error(`the ${name} summary was not printed`);
  return found;
}

beforeAll(async () => {
  work = await mkdtemp(join(tmpdir(), "grant-planner-summary-pdf-"));
  printed.set("summary", await printSummary(exampleData(), "sefton-2020-21", "summary"));
  // Long enough that the Lines, Measures and Returns outstanding tables run over several pages.
  printed.set("summary-long", await printSummary(generatePlan(12, 4, 3), "generated", "summary-long"));
}, BUDGET_MS);

afterAll(async () => {
  if (work !== "") await rm(work, { recursive: true, force: true });
});

/** A page's lines with their layout spaces squeezed to one, blank lines dropped. */
function lines(page: PdfPage): string[] {
  return page.text
    .split("\n")
    .map((line) => line.trim().replace(/\s+/g, " "))
    .filter((line) => line !== "");
}

/**
 * The amounts printed, left to right, on the row of the table titled `title` whose first
 * cell is `label`: the words on that row's line that are pounds. Found by where the words
 * are printed, so a text printed over the row does not hide them.
 */
function moneyInRow(page: PdfPage, title: string, label: string): string[] {
  const heading = page.words.find((w) => w.text === title);
  if (heading === undefined) return [`(no table ${title} on page ${page.number})`];
  const first = page.words.find((w) => w.text === label && w.yMin > heading.yMin && Math.abs(w.xMin - heading.xMin) < 1);
  if (first === undefined) return [`(no row ${label} under ${title})`];
  return page.words
    .filter((w) => Math.abs(w.yMin - first.yMin) < 1 && /^-?£[\d,]+\.\d\d$/.test(w.text))
    .sort((a, b) => a.xMin - b.xMin)
    .map((w) => w.text);
}

function shown(amount: Money | null): string {
  if (amount === null) throw new Error("the example's grant figures are all known");
  return formatGBP(amount);
}

describe("the exported summary, printed by LibreOffice", () => {
  it("keeps each page as a picture in test-artifacts/libreoffice", async () => {
    const kept = await readdir(ARTIFACTS);
    for (const name of ["summary", "summary-long"]) {
      const { pages } = get(name);
      expect(pages.length).toBeGreaterThan(0);
      const picture = new RegExp(`^${name}-page-\\d+\\.png$`);
      expect(kept.filter((file) => picture.test(file)).sort()).toEqual(pages.map((p) => `${name}-page-${p.number}.png`).sort());
    }
    // The long plan's summary needs more than one page, so the repeated heading below is seen on a page 2.
    expect(get("summary-long").pages.length).toBeGreaterThan(1);
  });

  it.each(["summary", "summary-long"])("%s: prints every page on A4 landscape, and draws it so", (name) => {
    for (const page of get(name).pages) {
      expect({ page: page.number, width: Math.round(page.widthPt), height: Math.round(page.heightPt) }).toEqual({
        page: page.number,
        width: Math.round(A4_LONG_PT),
        height: Math.round(A4_SHORT_PT),
      });
      const { width, height } = pngHeader(page.png);
      expect(width).toBeGreaterThan(height);
      expect(width / height).toBeCloseTo(297 / 210, 2);
      // pdftoppm rounds the page's size in pixels up.
      expect(Math.abs(width - (297 / 25.4) * PAGE_DPI)).toBeLessThan(1);
    }
  });

  it.each(["summary", "summary-long"])("%s: starts every page with the protective marking, then repeats the heading lines", (name) => {
    const { heading, pages } = get(name);
    expect(heading[0]).toBe(MARKING);
    expect(heading).toContain(`As at: ${AS_AT}`);
    for (const page of pages) {
      const text = lines(page);
      // The page header (marking in the centre, title on the right) is the first line printed.
      expect({ page: page.number, first: text[0] }).toEqual({ page: page.number, first: expect.stringContaining(MARKING) });
      // Then the heading lines, in order, before anything of the tables.
      const at = heading.map((h) => text.indexOf(h));
      expect({ page: page.number, missing: heading.filter((_, i) => at[i] === -1) }).toEqual({ page: page.number, missing: [] });
      expect(at).toEqual([...at].sort((a, b) => a - b));
      expect(Math.max(...at)).toBeLessThan(heading.length + 2);
      // The footer repeats the marking and numbers the page.
      const last = text[text.length - 1] ?? "";
      expect(last).toContain(MARKING);
      expect(last).toContain(`Page ${page.number} of ${pages.length}`);
    }
  });

  it("shows the example's Grants table with the core's figures as en-GB pounds, row by row", () => {
    const { board, pages } = get("summary");
    const page = pages[0];
    if (page === undefined) throw new Error("no page");
    expect(board.grants.length).toBeGreaterThan(1);
    for (const g of board.grants) {
      expect({ grant: g.id, shown: moneyInRow(page, "Grants", g.id) }).toEqual({
        grant: g.id,
        shown: [g.award, g.allocated, g.reserve, g.spendToDate, g.remaining, g.forecastOutturn, g.variance].map(shown),
      });
    }
    const t = board.totals;
    expect(moneyInRow(page, "Grants", "Total")).toEqual([t.award, t.allocated, t.reserve, t.spendToDate, t.remaining, t.forecastOutturn, t.variance].map(shown));
  });

  it.each(["summary", "summary-long"])("%s: draws every page with something on it", (name) => {
    for (const page of get(name).pages) {
      const image = decodePng(page.png);
      const inked = nonWhitePixels(image) / (image.width * image.height);
      // Text on white: some ink, far from a page that is all ink.
      expect({ page: page.number, inked: inked > 0.005 && inked < 0.5 }).toEqual({ page: page.number, inked: true });
    }
  });

  it.each(["summary", "summary-long"])("%s: prints no word over another", (name) => {
    for (const page of get(name).pages) {
      const clashes = overlappingWords(page.words).map(([a, b]) => `${a.text} / ${b.text}`);
      expect({ page: page.number, clashes }).toEqual({ page: page.number, clashes: [] });
    }
  });
});
