/**
 * Page helpers for the browser tests: open the example for a whole test file, find the
 * pane's parts by role and name, wait for what the pane shows, move by keyboard, read the
 * grant cards.
 */
import type { Browser, Locator, Page } from "playwright-core";
import { ensureBuild, launchChromium, newPaneContext, type PaneContext, serveStatic, type StaticServer } from "./harness";

/** The file-mode toolbar and its buttons (src/taskpane/file). */
export const FILE = {
  toolbar: "File",
  newBlank: "New blank plan",
  openExample: "Open the example",
  open: "Open .xlsx…",
  input: "Open .xlsx file",
  save: "Save .xlsx",
  dropZone: "Drop an .xlsx file here",
} as const;

export const CRG = "Crime Reduction Grant 2020/21";
export const VRP = "Violence Reduction Partnership Grant 2020/21";
export const CRG_LINES = ["CRG-01", "CRG-02", "CRG-03", "CRG-04", "CRG-05", "CRG-06"] as const;

export function toolbar(page: Page): Locator {
  return page.getByRole("toolbar", { name: FILE.toolbar });
}

export function tab(page: Page, name: "Plan" | "Allocate" | "Checks"): Locator {
  return page.getByRole("tab", { name, exact: true });
}

export function grantCard(page: Page, name: string): Locator {
  return page.getByRole("article", { name });
}

/** The allocation box of a line on the Allocate tab ("Allocation for CRG-01, Youth order …"). */
export function allocationBox(page: Page, lineId: string): Locator {
  return page.getByRole("textbox", { name: new RegExp(`^Allocation for ${lineId},`) });
}

/** Polls `probe` until it returns true, or fails with `what` after `timeoutMs`. */
export async function eventually(what: string, probe: () => Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    if (await probe().catch(() => false)) return;
    if (Date.now() > end) throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

export async function waitEnabled(locator: Locator, what: string): Promise<void> {
  await locator.waitFor({ state: "visible" });
  await eventually(`${what} to be enabled`, () => locator.isEnabled());
}

export async function waitValue(locator: Locator, value: string): Promise<void> {
  await eventually(`a box to show ${value}`, async () => (await locator.inputValue()) === value);
}

/** Waits for the pane's success message of an action ("Save allocations: done"). */
export async function waitDone(page: Page, action: string): Promise<void> {
  await page.getByText(`${action}: done`, { exact: true }).waitFor();
}

/** Opens the example through the toolbar and waits for both grant cards' awards. */
export async function openExample(page: Page): Promise<void> {
  await toolbar(page).getByRole("button", { name: FILE.openExample, exact: true }).click();
  await waitForPlanCards(page);
}

export async function waitForPlanCards(page: Page): Promise<void> {
  await grantCard(page, CRG).getByText("£332,000.00", { exact: true }).first().waitFor();
  await grantCard(page, VRP).getByText("£180,000.00", { exact: true }).first().waitFor();
}

export interface WindowSize {
  readonly width: number;
  readonly height: number;
}

/**
 * One page for all the tests of a file: before them, builds the pane if need be, serves
 * dist/, starts Chromium and opens the example in file mode in a window of `size`; after
 * them, closes it all. `watch` sees the page before it first navigates (to record what it
 * fetches, say). Returns the page, for the tests to call; it throws when the page did not open.
 */
export function exampleForAllTests(size: WindowSize, watch?: (page: Page) => void): () => Page {
  let server: StaticServer | undefined;
  let browser: Browser | undefined;
  let pane: PaneContext | undefined;
  let page: Page | undefined;
  beforeAll(async () => {
    await ensureBuild();
    server = await serveStatic();
    browser = await launchChromium();
    pane = await newPaneContext(browser, server, { officeJs: "local" });
    const opening = await pane.context.newPage();
    watch?.(opening);
    await opening.setViewportSize({ width: size.width, height: size.height });
    await opening.goto(`${server.origin}/taskpane.html`);
    await toolbar(opening).waitFor();
    await openExample(opening);
    page = opening;
  }, 300_000);
  afterAll(async () => {
    await pane?.context.close();
    await browser?.close();
    await server?.close();
  });
  return () => {
    if (page === undefined) throw new Error("the pane did not open (see beforeAll)");
    return page;
  };
}

/** How wide the page's content is, in CSS pixels: no wider than the window when nothing overflows. */
export function contentWidth(page: Page): Promise<number> {
  return page.evaluate(() => document.documentElement.scrollWidth);
}

export interface CardFigures {
  readonly award: string;
  readonly allocated: string;
  readonly unallocated: string;
}

/** Award, Allocated and Unallocated as a grant card shows them ("£332,000.00"). */
export async function cardFigures(page: Page, name: string): Promise<CardFigures> {
  const pairs = await grantCard(page, name)
    .locator("dl")
    .evaluate((dl) => {
      const found: Record<string, string> = {};
      for (const dt of Array.from(dl.querySelectorAll("dt"))) {
        const dd = dt.nextElementSibling;
        if (dd !== null && dd.tagName === "DD") found[dt.textContent?.trim() ?? ""] = dd.textContent?.trim() ?? "";
      }
      return found;
    });
  return { award: pairs["Award"] ?? "", allocated: pairs["Allocated"] ?? "", unallocated: pairs["Unallocated"] ?? "" };
}

/** "£272,000.00" → "272000.00"; "over-allocated by £1,000.00" → "-1000.00" (the CLI's JSON form). */
export function machineAmount(shown: string): string {
  const over = /over-allocated by/i.test(shown);
  const digits = shown.replace(/[^0-9.]/g, "");
  return over ? `-${digits}` : digits;
}

/** True when the element the page has focused is (inside) `target`. */
export function isFocused(target: Locator): Promise<boolean> {
  return target.evaluate((el) => el === document.activeElement || el.contains(document.activeElement));
}

/** The role of the arrow-key group (toolbar, tab list, radio group) the focused element is in, if any. */
function focusedGroup(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const group = document.activeElement?.closest('[role="toolbar"], [role="tablist"], [role="radiogroup"]');
    return group === null || group === undefined ? null : (group.getAttribute("aria-label") ?? group.getAttribute("role"));
  });
}

function groupOf(target: Locator): Promise<string | null> {
  return target.evaluate((el) => {
    const group = el.closest('[role="toolbar"], [role="tablist"], [role="radiogroup"]');
    return group === null ? null : (group.getAttribute("aria-label") ?? group.getAttribute("role"));
  });
}

/**
 * Moves focus to `target` with the keyboard only, as a person would: Tab (or Shift+Tab)
 * between tab stops, and the arrow keys inside a toolbar or tab list.
 */
export async function keyTo(page: Page, target: Locator, direction: "forward" | "backward" = "forward"): Promise<void> {
  await target.waitFor({ state: "visible" });
  const group = await groupOf(target);
  const tabKey = direction === "forward" ? "Tab" : "Shift+Tab";
  let triedArrows = false;
  for (let i = 0; i < 80; i++) {
    if (await isFocused(target)) return;
    if (!triedArrows && group !== null && (await focusedGroup(page)) === group) {
      // Inside a toolbar or tab list the arrow keys move between items (roving tab stop).
      triedArrows = true;
      for (const arrow of ["ArrowRight", "ArrowLeft"]) {
        for (let j = 0; j < 8; j++) {
          if (await isFocused(target)) return;
          await page.keyboard.press(arrow);
        }
      }
      continue;
    }
    await page.keyboard.press(tabKey);
  }
  throw new Error(`${tabKey} did not reach ${await describe(target)}; focus is on ${await describeFocus(page)}`);
}

async function describe(target: Locator): Promise<string> {
  return target.evaluate((el) => `<${el.tagName.toLowerCase()}> "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 60)}"`);
}

function describeFocus(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    return el === null ? "nothing" : `<${el.tagName.toLowerCase()}> "${(el.getAttribute("aria-label") ?? el.textContent ?? "").trim().slice(0, 60)}"`;
  });
}

/** Waits until every finite animation on the page (a dialog fading in, say) has run to its end. */
export async function animationsDone(page: Page): Promise<void> {
  await page.evaluate(() => {
    const noop = () => undefined;
    const finite = document.getAnimations().filter((a) => a.effect?.getTiming().iterations !== Infinity);
    return Promise.all(finite.map((a) => a.finished.then(noop, noop)));
  });
}
