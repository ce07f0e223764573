/**
 * Browser part of the benchmark, on the production build driven in Debian Chromium
 * through the e2e harness (test/e2e/harness.ts):
 *
 *  - bundle sizes, raw and gzip: the Excel pane (the scripts taskpane.html loads) and
 *    file mode (those plus the async chunks the page fetches when it opens the example);
 *  - time from navigation to the plan view being interactive with the example open
 *    (the first grant card's figure visible and the Allocate tab enabled), median of
 *    fresh page loads, beside a floor: navigating to a blank page on the same server.
 */
import { performance } from "node:perf_hooks";
import type { Browser, Page } from "playwright-core";
import {
  BLANK_PATH,
  type BuiltSize,
  builtSize,
  ensureBuild,
  EXCEL_PANE_BUDGET_GZIP,
  excelPaneScripts,
  launchChromium,
  newPaneContext,
  type StaticServer,
  serveStatic,
} from "../../test/e2e/harness";
import { FILE, toolbar } from "../../test/e2e/panePage";
import { median, row, type Timing } from "./measure";

const LOADS = 5;

function kb(bytes: number): string {
  return `${(bytes / 1024).toFixed(1)} KB`;
}

function sizeRows(title: string, files: readonly BuiltSize[]): string[] {
  const out = [`  ${title}`];
  for (const f of files) out.push(`    ${f.file.padEnd(50)} ${kb(f.raw).padStart(10)} ${kb(f.gzip).padStart(10)}`);
  const raw = files.reduce((n, f) => n + f.raw, 0);
  const gzip = files.reduce((n, f) => n + f.gzip, 0);
  out.push(`    ${"total".padEnd(50)} ${kb(raw).padStart(10)} ${kb(gzip).padStart(10)}`);
  return out;
}

/**
 * Resolves to the page's own clock (ms since navigation start) at the first animation
 * frame where the first grant card shows an amount and the Allocate tab is enabled.
 */
async function planInteractive(page: Page): Promise<number> {
  const handle = await page.waitForFunction(
    () => {
      const figure = document.querySelector('[role="article"] dd');
      const visible = figure instanceof HTMLElement && figure.offsetParent !== null && /£[0-9,]+\.[0-9]{2}/.test(figure.textContent ?? "");
      // A Fluent tab repeats its label (a hidden bold copy reserves the width): "AllocateAllocate".
      const allocate = Array.from(document.querySelectorAll('[role="tab"]')).find((t) => t.textContent?.startsWith("Allocate") === true);
      const enabled = allocate instanceof HTMLElement && allocate.getAttribute("aria-disabled") !== "true" && !allocate.hasAttribute("disabled");
      // window.performance: the page's clock (a bare `performance` would be Node's import once bundled).
      return visible && enabled ? window.performance.now() : false;
    },
    undefined,
    { polling: "raf", timeout: 30_000 },
  );
  const at = await handle.jsonValue();
  if (typeof at !== "number") throw new Error("the plan view did not become interactive");
  return at;
}

interface PaneLoad {
  /** Node's clock: from asking for the page to the plan view being interactive. */
  readonly wallMs: number;
  /** The page's clock: navigation start to interactive. */
  readonly pageMs: number;
  /** Paths the server was asked for during this load. */
  readonly requested: readonly string[];
}

async function loadPaneWithExample(browser: Browser, server: StaticServer): Promise<PaneLoad> {
  const pane = await newPaneContext(browser, server, { officeJs: "local" });
  try {
    const page = await pane.context.newPage();
    const before = server.requested.length;
    const start = performance.now();
    await page.goto(`${server.origin}/taskpane.html`, { waitUntil: "commit" });
    await toolbar(page).getByRole("button", { name: FILE.openExample, exact: true }).click();
    const pageMs = await planInteractive(page);
    const wallMs = performance.now() - start;
    if (pane.blocked.length > 0) throw new Error(`requests tried to leave the machine: ${pane.blocked.join(", ")}`);
    return { wallMs, pageMs, requested: server.requested.slice(before) };
  } finally {
    await pane.context.close();
  }
}

async function loadBlank(browser: Browser, server: StaticServer): Promise<number> {
  const pane = await newPaneContext(browser, server, { officeJs: "local" });
  try {
    const page = await pane.context.newPage();
    const start = performance.now();
    await page.goto(`${server.origin}${BLANK_PATH}`, { waitUntil: "load" });
    return performance.now() - start;
  } finally {
    await pane.context.close();
  }
}

export async function benchBrowser(): Promise<void> {
  const built = await ensureBuild();
  console.log(`\nBrowser (Debian Chromium, production build${built ? ", built now" : ""})`);
  const server = await serveStatic();
  const browser = await launchChromium();
  try {
    // A first load (not timed) tells which files file mode fetches; it also warms the OS file cache.
    const first = await loadPaneWithExample(browser, server);
    const excelPane = excelPaneScripts();
    const initial = excelPane.map((f) => f.file);
    if (initial.length === 0) throw new Error("dist/taskpane.html loads no scripts of its own: cannot size the Excel pane");
    const fetchedScripts = [...new Set(first.requested.map((p) => p.replace(/^\//, "")).filter((p) => p.endsWith(".js")))];
    const asyncChunks = fetchedScripts.filter((p) => !initial.includes(p));
    const missing = initial.filter((p) => !fetchedScripts.includes(p));
    if (missing.length > 0) throw new Error(`the page did not fetch its initial scripts: ${missing.join(", ")}`);

    console.log(`  ${"bundle sizes".padEnd(52)} ${"raw".padStart(10)} ${"gzip".padStart(10)}`);
    for (const line of sizeRows("Excel pane (taskpane.html's scripts; office.js from the CDN not counted)", excelPane)) console.log(line);
    console.log(`    ${"budget (test/e2e/harness.ts)".padEnd(50)} ${"".padStart(10)} ${kb(EXCEL_PANE_BUDGET_GZIP).padStart(10)}`);
    for (const line of sizeRows("File mode (the same plus the async chunks fetched by the time the example is open)", [...excelPane, ...asyncChunks.map(builtSize)])) {
      console.log(line);
    }

    const blank: number[] = [];
    const paneWall: number[] = [];
    const panePage: number[] = [];
    for (let i = 0; i < LOADS; i++) {
      blank.push(await loadBlank(browser, server));
      const load = await loadPaneWithExample(browser, server);
      paneWall.push(load.wallMs);
      panePage.push(load.pageMs);
    }
    const floor: Timing = { label: "floor: navigation to a blank page (same server)", medianMs: median(blank), runs: LOADS };
    const interactive: Timing = { label: "pane: navigation → plan view interactive, example open", medianMs: median(paneWall), runs: LOADS };
    console.log(row(floor));
    console.log(row(interactive, floor));
    console.log(`  (fresh context per load; in the page's own clock, navigation start → interactive: ${median(panePage).toFixed(2)} ms median)`);
  } finally {
    await browser.close();
    await server.close();
  }
}
