/**
 * The Summary tab in the production build, Debian Chromium, file mode, the example plan,
 * at 350 px wide: its code arrives only when the tab is first opened; as at 2020/21-Q2 the
 * grants' figures it shows are those of `grant-planner progress --json` on the same file,
 * and so are those "Refresh summary" writes on the Summary sheet of the saved file; the
 * CSV and the summary workbook it exports hold them too. axe-core finds nothing on the
 * view; the charts are kept in test-artifacts/e2e/summary-charts.png.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Download, Page } from "playwright-core";
import { type CliIo, nodeIo } from "../../src/cli/io";
import { main } from "../../src/cli/main";
import type { CellValue } from "../../src/plan/cell";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { axe } from "./axe";
import { ARTIFACTS, screenshot } from "./harness";
import { contentWidth, exampleForAllTests, FILE, machineAmount, toolbar } from "./panePage";

jest.setTimeout(120_000);

const WIDTH = 350;
const HEIGHT = 720;
const AS_AT = "2020/21-Q2";
const FIGURES = ["award", "allocated", "spendToDate", "remaining"] as const;
type Figures = Record<(typeof FIGURES)[number], string | null>;

/** Script files the page fetched, by name. */
const fetched: string[] = [];

const thePage = exampleForAllTests({ width: WIDTH, height: HEIGHT }, (page) =>
  page.on("request", (request) => {
    if (request.resourceType() === "script") fetched.push(new URL(request.url()).pathname);
  }),
);

const workDir = mkdtempSync(join(tmpdir(), "grant-planner-summary-"));
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

function chunks(name: string): string[] {
  return fetched.filter((path) => new RegExp(`/${name}\\.[0-9a-f]+\\.chunk\\.js$`).test(path));
}

/** Saves a download under the work folder; resolves to its path. */
async function saved(download: Download): Promise<string> {
  const file = join(workDir, download.suggestedFilename());
  await download.saveAs(file);
  return file;
}

async function downloadOf(p: Page, click: () => Promise<void>): Promise<Download> {
  const [download] = await Promise.all([p.waitForEvent("download"), click()]);
  return download;
}

/** The plan as it stands in the page, saved through the toolbar. */
async function savePlan(p: Page, name: string): Promise<string> {
  const download = await downloadOf(p, () => toolbar(p).getByRole("button", { name: FILE.save, exact: true }).click());
  const file = join(workDir, name);
  await download.saveAs(file);
  return file;
}

function isGrantFigures(value: unknown): value is { id: string } & Figures {
  return typeof value === "object" && value !== null && "id" in value && typeof value.id === "string" && FIGURES.every((f) => f in value);
}

/** `grant-planner progress <file> --as-at 2020/21-Q2 --json`: each grant's figures, by ID. */
async function cliGrants(file: string): Promise<Map<string, Figures>> {
  let stdout = "";
  const io: CliIo = { ...nodeIo(), stdout: (t) => (stdout += t), stderr: () => undefined };
  await main(["progress", file, "--as-at", AS_AT, "--json"], io);
  const json: unknown = JSON.parse(stdout);
  if (typeof json !== "object" || json === null || !("grants" in json) || !Array.isArray(json.grants)) throw new Error(`not a progress report: ${stdout.slice(0, 200)}`);
  const grants = new Map<string, Figures>();
  const list: unknown[] = json.grants;
  for (const g of list) {
    if (!isGrantFigures(g)) throw new Error(`not a grant's figures: ${JSON.stringify(g).slice(0, 200)}`);
    grants.set(g.id, { award: g.award, allocated: g.allocated, spendToDate: g.spendToDate, remaining: g.remaining });
  }
  return grants;
}

/** The Grants table of a Summary sheet, by grant ID: the four figures as machine amounts. */
function sheetGrants(values: readonly (readonly CellValue[])[]): Map<string, Figures> {
  const at = values.findIndex((row) => row[0] === "Grants");
  if (at < 0) throw new Error("the sheet has no Grants table");
  const grants = new Map<string, Figures>();
  for (let r = at + 2; r < values.length; r++) {
    const row = values[r] ?? [];
    const id = row[0];
    if (typeof id !== "string" || id === "" || id === "Total") break;
    const pounds = (i: number) => {
      const v = row[i];
      return typeof v === "number" ? v.toFixed(2) : null;
    };
    grants.set(id, { award: pounds(2), allocated: pounds(3), spendToDate: pounds(5), remaining: pounds(6) });
  }
  return grants;
}

async function summarySheet(file: string): Promise<{ sheets: string[]; values: readonly (readonly CellValue[])[] }> {
  const book = await XlsxWorkbook.fromBuffer(readFileSync(file));
  const raw = await book.read();
  const values = raw.ownedSheets?.find((o) => o.sheet === "Summary")?.values;
  if (values === undefined || values === null) throw new Error(`${file} has no Summary sheet`);
  return { sheets: raw.sheets.map((s) => s.name), values };
}

/** What the pane's grants table shows, by grant ID, as machine amounts. */
async function shownGrants(p: Page, ids: readonly string[]): Promise<Map<string, Figures>> {
  const grants = new Map<string, Figures>();
  for (const id of ids) {
    const figure = async (f: (typeof FIGURES)[number]) => machineAmount((await p.locator(`td[data-grant="${id}"][data-figure="${f}"]`).textContent()) ?? "");
    grants.set(id, { award: await figure("award"), allocated: await figure("allocated"), spendToDate: await figure("spendToDate"), remaining: await figure("remaining") });
  }
  return grants;
}

let cli: Map<string, Figures> | undefined;

function cliFigures(): Map<string, Figures> {
  if (cli === undefined) throw new Error("the CLI's figures were not read (see the first test)");
  return cli;
}

describe(`the Summary tab at ${WIDTH} px`, () => {
  test("loads its code on first opening; as at 2020/21-Q2 it shows the grants' figures of progress --json on the same file", async () => {
    const p = thePage();
    cli = await cliGrants(await savePlan(p, "example.xlsx"));
    expect([...cli.keys()]).toEqual(["CRG", "VRP"]);
    expect(chunks("summary")).toEqual([]);
    // Six tabs in two rows at most, none past the pane's edge.
    const tabs = await p.getByRole("tab").evaluateAll((all) => all.map((t) => ({ top: Math.round(t.getBoundingClientRect().top), right: t.getBoundingClientRect().right })));
    expect(tabs).toHaveLength(6);
    expect(new Set(tabs.map((t) => t.top)).size).toBeLessThanOrEqual(2);
    expect(Math.max(...tabs.map((t) => t.right))).toBeLessThanOrEqual(WIDTH);
    await p.getByRole("tab", { name: "Summary", exact: true }).click();
    const asAt = p.getByRole("combobox", { name: "As at" });
    await asAt.waitFor();
    expect(chunks("summary")).toHaveLength(1);
    await asAt.selectOption(AS_AT);
    await p.locator('td[data-grant="CRG"][data-figure="award"]').waitFor();
    expect(await shownGrants(p, [...cli.keys()])).toEqual(cli);
    // The .xlsx writer for exports is not fetched until a workbook is exported.
    expect(chunks("summary-workbook")).toEqual([]);
  });

  test("its charts are drawn with their words, the view fits the pane and axe-core finds nothing", async () => {
    const p = thePage();
    const charts = p.locator('section[aria-labelledby="summary-charts"]');
    await charts.getByRole("img").first().waitFor();
    expect(await charts.getByRole("img").count()).toBeGreaterThanOrEqual(3);
    mkdirSync(ARTIFACTS, { recursive: true });
    // Tall enough for the three charts at once, so the file toolbar (fixed at the top) is not drawn over them.
    const viewport = p.viewportSize();
    await p.setViewportSize({ width: viewport?.width ?? WIDTH, height: 2400 });
    await charts.screenshot({ path: join(ARTIFACTS, "summary-charts.png") });
    if (viewport !== null) await p.setViewportSize(viewport);
    await screenshot(p, "summary-350");
    expect(await contentWidth(p)).toBeLessThanOrEqual(WIDTH);
    const result = await axe(p);
    if (result.all.length > 0) throw new Error(`axe-core found violations on the Summary tab:\n${result.all.join("\n")}`);
  });

  test("Refresh summary writes the Summary sheet: the saved file's grants table has the CLI's figures", async () => {
    const p = thePage();
    await p.getByRole("button", { name: "Refresh summary", exact: true }).click();
    await p.getByText("Refresh summary: done", { exact: true }).waitFor();
    // Focus is on the outcome, where a screen reader reads it.
    expect(await p.evaluate(() => document.activeElement?.textContent ?? "")).toContain("Refresh summary: done");
    const file = await savePlan(p, "refreshed.xlsx");
    const { sheets, values } = await summarySheet(file);
    expect(sheets).toContain("Summary");
    expect(values.slice(0, 6).map((r) => r[0])).toEqual(expect.arrayContaining(["Plan: sefton-2020-21.xlsx", `As at: ${AS_AT}`]));
    expect(sheetGrants(values)).toEqual(cliFigures());
    // The plan's own figures did not change.
    expect(await cliGrants(file)).toEqual(cliFigures());
  });

  test("Export CSV and Export summary workbook download the summary, with the same figures", async () => {
    const p = thePage();
    const csvDownload = await downloadOf(p, () => p.getByRole("button", { name: "Export CSV", exact: true }).click());
    expect(csvDownload.suggestedFilename()).toBe("Summary 2020-21 Q2.csv");
    await p.getByText("Downloaded Summary 2020-21 Q2.csv.", { exact: true }).waitFor();
    const csv = readFileSync(await saved(csvDownload));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = csv.subarray(3).toString("utf8").split("\r\n");
    for (const [id, f] of cliFigures()) {
      expect(lines.find((l) => l.startsWith(`${id},`))?.split(",").slice(-7, -3)).toEqual([f.award, f.allocated, expect.any(String), f.spendToDate]);
    }

    const xlsxDownload = await downloadOf(p, () => p.getByRole("button", { name: "Export summary workbook", exact: true }).click());
    expect(xlsxDownload.suggestedFilename()).toBe("Summary 2020-21 Q2.xlsx");
    await p.getByText("Downloaded Summary 2020-21 Q2.xlsx.", { exact: true }).waitFor();
    expect(chunks("summary-workbook")).toHaveLength(1);
    const { sheets, values } = await summarySheet(await saved(xlsxDownload));
    expect(sheets).toEqual(["Summary"]);
    expect(sheetGrants(values)).toEqual(cliFigures());
  });

  test("at 320 px, the narrowest pane, the view is no wider than the pane; the grants table scrolls sideways, with the keyboard too", async () => {
    const p = thePage();
    await p.setViewportSize({ width: 320, height: HEIGHT });
    await p.getByRole("button", { name: "Refresh summary", exact: true }).waitFor();
    expect(await contentWidth(p)).toBeLessThanOrEqual(320);
    const table = p.getByRole("region", { name: "Grants table" });
    const total = table.getByRole("columnheader", { name: "Total", exact: true });
    const rightEdge = async () => (await total.boundingBox())?.x ?? Number.POSITIVE_INFINITY;
    // A data table keeps its columns side by side (WCAG 1.4.10 exempts it from reflow): the totals are reached by scrolling it.
    await table.focus();
    // Chromium scrolls smoothly: each key's scroll is waited for until it stops moving.
    const settled = () =>
      table.evaluate(
        (el) =>
          new Promise<void>((resolve) => {
            let last = -1;
            const tick = () => {
              if (el.scrollLeft === last) resolve();
              else {
                last = el.scrollLeft;
                requestAnimationFrame(() => requestAnimationFrame(tick));
              }
            };
            tick();
          }),
      );
    for (let i = 0; i < 12 && (await total.evaluate((th) => th.getBoundingClientRect().right)) > 320; i++) {
      await p.keyboard.press("ArrowRight");
      await settled();
    }
    expect(await total.evaluate((th) => th.getBoundingClientRect().right)).toBeLessThanOrEqual(320);
    expect(await rightEdge()).toBeGreaterThanOrEqual(0);
    await screenshot(p, "summary-320");
  });
});
