/**
 * The production pane in Debian Chromium, in file mode (office.js loads from the npm
 * package, `Office.onReady` reports no host): open the example, edit and split
 * allocations, run checks and select a finding, save the .xlsx, open it again and read it
 * with the CLI's own code. One flow with the keyboard only; axe-core on every view;
 * screenshots in test-artifacts/e2e. No request leaves the machine.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Workbook } from "exceljs";
import type { Browser, Locator, Page } from "playwright-core";
import type { CliIo } from "../../src/cli/io";
import { nodeIo } from "../../src/cli/io";
import { main } from "../../src/cli/main";
import { xlsxFileHost } from "../../src/taskpane/file/xlsxHost";
import { readZip, writeZip } from "../fixtures/zip";
import { axe } from "./axe";
import { ARTIFACTS, DIST, ensureBuild, EXCEL_PANE_BUDGET_GZIP, excelPaneScripts, initialScripts, launchChromium, newPaneContext, type PaneContext, screenshot, serveStatic, type StaticServer } from "./harness";
import {
  allocationBox,
  animationsDone,
  cardFigures,
  type CardFigures,
  CRG,
  CRG_LINES,
  eventually,
  FILE,
  isFocused,
  keyTo,
  machineAmount,
  openExample,
  tab,
  toolbar,
  VRP,
  waitDone,
  waitEnabled,
  waitForPlanCards,
  waitValue,
} from "./panePage";

jest.setTimeout(60_000);

let server: StaticServer | undefined;
let browser: Browser | undefined;
const workDir = mkdtempSync(join(tmpdir(), "grant-planner-e2e-"));
/** Every view's axe violations of any impact, written to test-artifacts/e2e/axe.json. */
const axeReport: Record<string, readonly string[]> = {};
/** office.js's own telemetry requests (aborted), written to test-artifacts/e2e/network.json. */
const officeTelemetry = new Set<string>();

beforeAll(async () => {
  await ensureBuild();
  server = await serveStatic();
  browser = await launchChromium();
}, 240_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(ARTIFACTS, { recursive: true });
  writeFileSync(join(ARTIFACTS, "axe.json"), `${JSON.stringify(axeReport, null, 2)}\n`);
  writeFileSync(join(ARTIFACTS, "network.json"), `${JSON.stringify({ officeTelemetryAborted: [...officeTelemetry] }, null, 2)}\n`);
});

interface OpenPane {
  readonly page: Page;
  readonly pane: PaneContext;
  /** Uncaught exceptions in the page. */
  readonly errors: string[];
}

function started(): { server: StaticServer; browser: Browser } {
  if (server === undefined || browser === undefined) throw new Error("the server and browser did not start (see beforeAll)");
  return { server, browser };
}

/** A fresh context and page on the pane; waits for the file-mode toolbar. */
async function openPane(officeJs: "local" | "unreachable" = "local"): Promise<OpenPane> {
  const { server: s, browser: b } = started();
  const pane = await newPaneContext(b, s, { officeJs });
  const page = await pane.context.newPage();
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(`${s.origin}/taskpane.html`);
  await toolbar(page).waitFor();
  return { page, pane, errors };
}

/** Closes the pane's context; nothing may have tried to leave the machine, and nothing may have thrown. */
async function closePane(open: OpenPane | undefined): Promise<void> {
  if (open === undefined) return;
  await open.pane.context.close();
  for (const url of open.pane.officeTelemetry) officeTelemetry.add(url);
  expect(open.pane.blocked).toEqual([]);
  expect(open.errors).toEqual([]);
}

async function expectAccessible(page: Page, view: string): Promise<void> {
  const result = await axe(page);
  axeReport[view] = [...result.all, `(${result.tabsterSentinels} tabster focus sentinel(s) set aside from aria-hidden-focus)`];
  if (result.serious.length > 0) {
    throw new Error(`axe-core found serious or critical violations on "${view}":\n${JSON.stringify(result.serious, null, 2)}`);
  }
}

/** The Plan tab's figures for both grants. */
async function planFigures(page: Page): Promise<Record<string, CardFigures>> {
  await tab(page, "Plan").click();
  await waitForPlanCards(page);
  return { [CRG]: await cardFigures(page, CRG), [VRP]: await cardFigures(page, VRP) };
}

/** The reference ("Lines!F2") a finding button names in its last, small line, before the code. */
async function findingReference(button: Locator): Promise<string> {
  const text = (await button.locator(".fui-Caption1").last().textContent()) ?? "";
  const match = /^(.+?) · [A-Z_]+$/.exec(text);
  if (match === null || match[1] === undefined) throw new Error(`a finding button without a cell reference: "${text}"`);
  return match[1];
}

/** Reads a saved plan with the CLI's own code, as `grant-planner check <file> --json` would. */
async function checkWithCli(file: string): Promise<{ code: number; json: unknown; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIo = { ...nodeIo(), stdout: (t) => (stdout += t), stderr: (t) => (stderr += t) };
  const code = await main(["check", file, "--json"], io);
  const json: unknown = stdout === "" ? null : JSON.parse(stdout);
  return { code, json, stderr };
}

interface CliGrant {
  readonly name: string;
  readonly award: string | null;
  readonly allocated: string;
  readonly unallocated: string | null;
  readonly lines: readonly { id: string; allocation: string | null }[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function cliGrants(json: unknown): CliGrant[] {
  if (!isRecord(json) || !Array.isArray(json.grants)) throw new Error(`check --json gave no grants: ${JSON.stringify(json)}`);
  return json.grants.map((g: unknown): CliGrant => {
    if (!isRecord(g) || typeof g.name !== "string" || typeof g.allocated !== "string" || !Array.isArray(g.lines)) {
      throw new Error(`check --json gave a grant of an unexpected shape: ${JSON.stringify(g)}`);
    }
    const lines = g.lines.map((l: unknown) => {
      if (!isRecord(l) || typeof l.id !== "string") throw new Error(`a line of an unexpected shape: ${JSON.stringify(l)}`);
      return { id: l.id, allocation: typeof l.allocation === "string" ? l.allocation : null };
    });
    return {
      name: g.name,
      award: typeof g.award === "string" ? g.award : null,
      allocated: g.allocated,
      unallocated: typeof g.unallocated === "string" ? g.unallocated : null,
      lines,
    };
  });
}

/** One pane shared by the tests of a describe block: opened before them, closed after. */
function paneForDescribe(): { page: () => Page; opened: () => OpenPane | undefined } {
  let open: OpenPane | undefined;
  beforeAll(async () => {
    open = await openPane("local");
  });
  afterAll(async () => {
    await closePane(open);
  });
  return {
    page: () => {
      if (open === undefined) throw new Error("the pane did not open");
      return open.page;
    },
    opened: () => open,
  };
}

describe("file mode, with the mouse: the example edited, checked, saved and opened again", () => {
  const { page, opened } = paneForDescribe();
  /** What the Plan tab showed just before saving. */
  let shownBeforeSave: Record<string, CardFigures> = {};
  let savedFile = "";
  let savedName = "";


  test("starts in file mode (office.js from the npm package, no host) with the file toolbar", async () => {
    const p = page();
    for (const name of [FILE.newBlank, FILE.openExample, FILE.open, FILE.save]) {
      await toolbar(p).getByRole("button", { name, exact: true }).waitFor();
    }
    await p.getByRole("region", { name: FILE.dropZone }).waitFor();
    expect(opened()?.pane.officeFiles.some((url) => url.endsWith("/office.js"))).toBe(true);
    await screenshot(p, "01-file-mode-start");
    await expectAccessible(p, "file-mode start");
  });

  test("Open the example: plan cards with £332,000.00 and £180,000.00", async () => {
    const p = page();
    await openExample(p);
    await waitEnabled(tab(p, "Allocate"), "the Allocate tab");
    expect(await cardFigures(p, CRG)).toEqual({ award: "£332,000.00", allocated: "£332,000.00", unallocated: "£0.00" });
    expect(await cardFigures(p, VRP)).toEqual({ award: "£180,000.00", allocated: "£180,000.00", unallocated: "£0.00" });
    await screenshot(p, "02-plan-example");
    await expectAccessible(p, "Plan with the example");
  });

  test("Anti-Social Behaviour (CRG-01) to £120,000, saved: Checks shows an over-allocation of £1,000.00", async () => {
    const p = page();
    await tab(p, "Allocate").click();
    const box = allocationBox(p, "CRG-01");
    await waitValue(box, "£119,000.00");
    await box.fill("120000");
    await p.getByText("Over-allocated by £1,000.00", { exact: true }).waitFor();
    await screenshot(p, "03-allocate-edited");
    await expectAccessible(p, "Allocate with an edit");
    await p.getByRole("button", { name: "Save allocations", exact: true }).click();
    await waitDone(p, "Save allocations");
    await waitValue(box, "£120,000.00");
    await p.getByText(/unsaved changes/i).first().waitFor();

    await tab(p, "Checks").click();
    const finding = p.getByRole("button", { name: /over-allocated by £1,000\.00/ });
    await finding.waitFor();
    expect(await finding.textContent()).toContain(`${CRG} is over-allocated by £1,000.00`);
    await screenshot(p, "04-checks-over-allocated");
    await expectAccessible(p, "Checks with findings");

    await tab(p, "Plan").click();
    expect(await cardFigures(p, CRG)).toEqual({ award: "£332,000.00", allocated: "£333,000.00", unallocated: "over-allocated by £1,000.00" });
  });

  test("split £60,000 equally across the 6 lines: preview, then the table, show £10,000.00 each", async () => {
    const p = page();
    await tab(p, "Allocate").click();
    await p.getByRole("textbox", { name: "Amount to split" }).fill("60000");
    for (const id of CRG_LINES) await p.getByRole("checkbox", { name: new RegExp(`^${id} `) }).check();
    await p.getByRole("radio", { name: "Equally" }).check();
    await p.getByRole("button", { name: "Preview", exact: true }).click();
    const preview = p.getByRole("table", { name: "Split preview" });
    await preview.waitFor();
    for (const id of CRG_LINES) {
      const row = preview.getByRole("row").filter({ has: p.getByRole("cell", { name: id, exact: true }) });
      expect(await row.getByRole("cell").nth(2).textContent()).toBe("£10,000.00");
    }
    expect(await preview.getByRole("row").last().textContent()).toBe("Total£60,000.00");
    await screenshot(p, "05-split-preview");
    await expectAccessible(p, "split preview");

    await p.getByRole("button", { name: "Apply split", exact: true }).click();
    await waitDone(p, "Apply split");
    for (const id of CRG_LINES) await waitValue(allocationBox(p, id), "£10,000.00");
    await p.getByText("Unallocated £272,000.00", { exact: true }).waitFor();
    await screenshot(p, "06-allocate-after-split");

    // One more edit, in the other grant: its reserve down by £500.
    await p.getByRole("combobox", { name: "Grant" }).selectOption({ label: `${VRP} (VRP)` });
    const reserve = allocationBox(p, "VRP-05");
    await waitValue(reserve, "£46,500.00");
    await reserve.fill("46000");
    await p.getByRole("button", { name: "Save allocations", exact: true }).click();
    await waitDone(p, "Save allocations");
    await waitValue(reserve, "£46,000.00");
  });

  test("Run checks, select a finding: the status names its cell", async () => {
    const p = page();
    await tab(p, "Checks").click();
    await p.getByRole("button", { name: "Run checks", exact: true }).click();
    await eventually("Run checks to be enabled again", () => p.getByRole("button", { name: "Run checks", exact: true }).isEnabled());
    const findings = p.getByRole("tabpanel").getByRole("listitem").getByRole("button");
    await findings.first().waitFor();
    const unallocated = findings.filter({ hasText: "£272,000.00" }).first();
    const reference = await findingReference(unallocated);
    await unallocated.click();
    await p.getByText(`Selected ${reference}`).first().waitFor();
    await screenshot(p, "07-checks-selected");
    await expectAccessible(p, "Checks after selecting a finding");
  });

  test("Save .xlsx downloads the plan; opening that file again shows every edited value", async () => {
    const p = page();
    shownBeforeSave = await planFigures(p);
    expect(shownBeforeSave).toEqual({
      [CRG]: { award: "£332,000.00", allocated: "£60,000.00", unallocated: "£272,000.00" },
      [VRP]: { award: "£180,000.00", allocated: "£179,500.00", unallocated: "£500.00" },
    });
    const [download] = await Promise.all([p.waitForEvent("download"), toolbar(p).getByRole("button", { name: FILE.save, exact: true }).click()]);
    savedName = download.suggestedFilename();
    expect(savedName).toMatch(/\.xlsx$/i);
    savedFile = join(workDir, savedName);
    await download.saveAs(savedFile);
    expect(await download.failure()).toBeNull();
    await p.getByText(/unsaved changes/i).first().waitFor({ state: "hidden" });
    await p.getByText(/\bsaved\b/i).first().waitFor();

    // A fresh browser context, so nothing can come from the first page's memory.
    const again = await openPane("local");
    try {
      const q = again.page;
      await q.getByLabel(FILE.input, { exact: true }).setInputFiles(savedFile);
      await waitForPlanCards(q);
      await q.getByText(savedName).first().waitFor();
      expect(await planFigures(q)).toEqual(shownBeforeSave);
      await tab(q, "Allocate").click();
      for (const id of CRG_LINES) await waitValue(allocationBox(q, id), "£10,000.00");
      await q.getByRole("combobox", { name: "Grant" }).selectOption({ label: `${VRP} (VRP)` });
      await waitValue(allocationBox(q, "VRP-05"), "£46,000.00");
      await waitValue(allocationBox(q, "VRP-02"), "£60,000.00");
      await screenshot(q, "08-reopened-allocate");
    } finally {
      await closePane(again);
    }
  });

  test("the saved file, read by the CLI's check --json, gives the figures the pane showed", async () => {
    expect(savedFile).not.toBe("");
    const { code, json, stderr } = await checkWithCli(savedFile);
    expect(stderr).toBe("");
    // Cutting every CRG line to £10,000.00 puts some below what the example's illustrative
    // returns say they have already spent: those, and only those, are errors (exit 1).
    const errors = isRecord(json) && Array.isArray(json["findings"]) ? json["findings"].filter((f) => isRecord(f) && f["severity"] === "error") : [];
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.map((f) => (isRecord(f) ? f["code"] : null)).filter((c) => c !== "SPEND_OVER_ALLOCATION")).toEqual([]);
    expect(code).toBe(1);
    const grants = cliGrants(json);
    expect(grants.map((g) => g.name)).toEqual([CRG, VRP]);
    for (const g of grants) {
      const shown = shownBeforeSave[g.name];
      expect(shown).toBeDefined();
      if (shown === undefined) continue;
      expect({ award: g.award, allocated: g.allocated, unallocated: g.unallocated }).toEqual({
        award: machineAmount(shown.award),
        allocated: machineAmount(shown.allocated),
        unallocated: machineAmount(shown.unallocated),
      });
    }
    const allocations = Object.fromEntries(grants.flatMap((g) => g.lines.map((l) => [l.id, l.allocation])));
    for (const id of CRG_LINES) expect(allocations[id]).toBe("10000.00");
    expect(allocations["VRP-05"]).toBe("46000.00");
  });

  test("dropping the saved file on the drop zone opens it too", async () => {
    expect(savedFile).not.toBe("");
    const again = await openPane("local");
    try {
      const q = again.page;
      const bytes = [...readFileSync(savedFile)];
      const dataTransfer = await q.evaluateHandle(
        ({ data, name }) => {
          const transfer = new DataTransfer();
          transfer.items.add(new File([new Uint8Array(data)], name, { type: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" }));
          return transfer;
        },
        { data: bytes, name: savedName },
      );
      const zone = q.getByRole("region", { name: FILE.dropZone });
      await zone.dispatchEvent("dragenter", { dataTransfer });
      await zone.dispatchEvent("dragover", { dataTransfer });
      await zone.dispatchEvent("drop", { dataTransfer });
      await waitForPlanCards(q);
      expect(await planFigures(q)).toEqual(shownBeforeSave);
    } finally {
      await closePane(again);
    }
  });
});

describe("file mode with the keyboard only", () => {
  test("open the example, change an allocation, save, run checks and select a finding — no mouse", async () => {
    const open = await openPane("local");
    try {
      const p = open.page;
      await keyTo(p, toolbar(p).getByRole("button", { name: FILE.openExample, exact: true }));
      await p.keyboard.press("Enter");
      await waitForPlanCards(p);

      await keyTo(p, tab(p, "Allocate"));
      await p.keyboard.press("Enter");
      const box = allocationBox(p, "CRG-01");
      await keyTo(p, box);
      await p.keyboard.press("ControlOrMeta+A");
      await p.keyboard.type("120000");
      await p.getByText("Over-allocated by £1,000.00", { exact: true }).waitFor();
      const save = p.getByRole("button", { name: "Save allocations", exact: true });
      await keyTo(p, save);
      await p.keyboard.press("Enter");
      await waitDone(p, "Save allocations");
      await waitValue(box, "£120,000.00");

      await keyTo(p, tab(p, "Checks"), "backward");
      await p.keyboard.press("Space");
      const run = p.getByRole("button", { name: "Run checks", exact: true });
      await keyTo(p, run);
      await p.keyboard.press("Enter");
      await eventually("Run checks to finish", () => run.isEnabled());
      const finding = p.getByRole("button", { name: /over-allocated by £1,000\.00/ });
      const reference = await findingReference(finding);
      await keyTo(p, finding);
      expect(await isFocused(finding)).toBe(true);
      await p.keyboard.press("Enter");
      await p.getByText(`Selected ${reference}`).first().waitFor();
      await screenshot(p, "09-keyboard-checks-selected");
    } finally {
      await closePane(open);
    }
  });
});

describe("needs Excel or file mode", () => {
  test("with office.js unreachable the pane still comes up in file mode", async () => {
    const open = await openPane("unreachable");
    try {
      const p = open.page;
      expect(await p.evaluate(() => "Office" in window)).toBe(false);
      await toolbar(p).getByRole("button", { name: FILE.openExample, exact: true }).waitFor();
      expect(await p.getByText("Grant Planner needs Excel").count()).toBe(0);
      await openExample(p);
      await screenshot(p, "10-no-office-js-example");
    } finally {
      await closePane(open);
    }
  });

  test("the .xlsx library is not in the Excel pane's scripts: file mode fetches it when it opens a plan", async () => {
    // exceljs writes this part name; nothing else in the product does.
    const xlsxLibrary = (file: string) => readFileSync(join(DIST, file), "utf8").includes("xl/workbook.xml");
    const initial = initialScripts(join(DIST, "taskpane.html"));
    expect(initial.length).toBeGreaterThan(0);
    expect(initial.filter(xlsxLibrary)).toEqual([]);

    const { server: s } = started();
    const before = s.requested.length;
    const open = await openPane("local");
    try {
      await openExample(open.page);
      const fetched = s.requested.slice(before).map((path) => path.slice(1)).filter((path) => path.endsWith(".js"));
      const lazy = fetched.filter((f) => !initial.includes(f));
      // The .xlsx host and exceljs, each in a chunk of its own.
      expect(lazy.filter(xlsxLibrary).length).toBeGreaterThanOrEqual(1);
    } finally {
      await closePane(open);
    }
  });

  test("the Excel pane's first download stays within its budget: views, offers and set-up come later", () => {
    const scripts = excelPaneScripts();
    expect(scripts.length).toBeGreaterThan(0);
    const total = scripts.reduce((n, f) => n + f.gzip, 0);
    const listed = scripts.map((f) => `${f.file} ${(f.gzip / 1024).toFixed(1)} KB`).join(", ");
    if (total > EXCEL_PANE_BUDGET_GZIP) {
      throw new Error(`taskpane.html's scripts weigh ${(total / 1024).toFixed(1)} KB gzip (${listed}), over the budget of ${(EXCEL_PANE_BUDGET_GZIP / 1024).toFixed(1)} KB`);
    }
    // The code only the other views use is not among them: the Allocate tab's split helper, the upgrade offer.
    const has = (text: string) => scripts.filter((f) => readFileSync(join(DIST, f.file), "utf8").includes(text)).map((f) => f.file);
    expect(has("Split an amount across lines")).toEqual([]);
    expect(has("Upgrade the plan now?")).toEqual([]);
  });

  test("file mode shows its toolbar while the .xlsx library is still on its way, and opens a plan once it arrives", async () => {
    const xlsxChunks = readdirSync(DIST).filter((f) => f.endsWith(".js") && readFileSync(join(DIST, f), "utf8").includes("xl/workbook.xml"));
    expect(xlsxChunks.length).toBeGreaterThan(0);
    const { server: s, browser: b } = started();
    const pane = await newPaneContext(b, s, { officeJs: "local" });
    const page = await pane.context.newPage();
    let release: () => void = () => undefined;
    const arrived = new Promise<void>((done) => (release = done));
    const held: string[] = [];
    await page.route(
      (url) => xlsxChunks.some((f) => url.pathname.endsWith(`/${f}`)),
      async (route) => {
        held.push(route.request().url());
        await arrived;
        await route.fallback();
      },
    );
    try {
      await page.goto(`${s.origin}/taskpane.html`);
      await toolbar(page).getByRole("button", { name: FILE.openExample, exact: true }).waitFor();
      await eventually("the .xlsx library to be requested", async () => held.length > 0);
      await screenshot(page, "10b-toolbar-before-xlsx-library");
      release();
      await openExample(page);
    } finally {
      release();
      await pane.context.close();
    }
    expect(pane.blocked).toEqual([]);
  });
});

describe("leaving file mode", () => {
  test("with unsaved changes the browser asks before the page goes; after Save .xlsx it does not", async () => {
    const open = await openPane("local");
    try {
      const p = open.page;
      await openExample(p);
      await tab(p, "Allocate").click();
      await allocationBox(p, "CRG-02").fill("49000");
      await p.getByRole("button", { name: "Save allocations", exact: true }).click();
      await waitDone(p, "Save allocations");
      await p.getByText(/unsaved changes/i).first().waitFor();

      const asked = p.waitForEvent("dialog");
      await p.close({ runBeforeUnload: true });
      const dialog = await asked;
      expect(dialog.type()).toBe("beforeunload");
      await dialog.dismiss();
      expect(p.isClosed()).toBe(false);

      await Promise.all([p.waitForEvent("download"), toolbar(p).getByRole("button", { name: FILE.save, exact: true }).click()]);
      await p.getByText(/unsaved changes/i).first().waitFor({ state: "hidden" });
      const dialogs: string[] = [];
      p.on("dialog", (d) => {
        dialogs.push(d.type());
        void d.dismiss();
      });
      await p.close({ runBeforeUnload: true });
      await eventually("the page to close", async () => p.isClosed());
      expect(dialogs).toEqual([]);
    } finally {
      await closePane(open);
    }
  });
});

describe("file mode's other views, each scanned by axe-core", () => {
  const { page } = paneForDescribe();


  /** Screenshot and axe scan of the view once its transitions (a button turning enabled, a dialog fading in) have ended. */
  async function capture(p: Page, name: string, view: string, options: { readonly fullPage?: boolean } = {}): Promise<void> {
    await animationsDone(p);
    await screenshot(p, name, options);
    await expectAccessible(p, view);
  }

  /** A message bar (Fluent's MessageBar) whose title is `title`. */
  function messageBar(p: Page, title: string): Locator {
    return p.locator(".fui-MessageBar").filter({ has: p.getByText(title, { exact: true }) });
  }

  test("a workbook that is not a plan: the pane offers to set one up", async () => {
    const p = page();
    const other = new Workbook();
    other.addWorksheet("Budget").getCell("A1").value = "Our own sheet";
    const file = join(workDir, "our-budget.xlsx");
    writeFileSync(file, new Uint8Array(await other.xlsx.writeBuffer()));
    await p.getByLabel(FILE.input, { exact: true }).setInputFiles(file);
    await p.getByText(/This workbook is not a grant plan yet/).first().waitFor();
    await p.getByRole("button", { name: "Set up the example", exact: true }).waitFor();
    await p.getByText("our-budget.xlsx", { exact: true }).first().waitFor();
    await capture(p, "11-not-a-plan-offer", "not-a-plan offer");
  });

  test("a damaged file: an error message bar, and the workbook that was open stays", async () => {
    const p = page();
    const noise = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256);
    noise.set([0x50, 0x4b]); // "PK": looks like a zip archive, but is not one
    const file = join(workDir, "damaged.xlsx");
    writeFileSync(file, noise);
    await p.getByLabel(FILE.input, { exact: true }).setInputFiles(file);
    const bar = messageBar(p, "damaged.xlsx could not be opened");
    await bar.waitFor();
    expect(await bar.textContent()).toMatch(/The file is damaged: .+our-budget\.xlsx is still open, unchanged\./);
    await capture(p, "12-error-damaged-file", "error message bar (damaged file)");
    // The reason may hold a long web address: it wraps, and the pane does not grow wider than the window.
    expect(await p.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
    await bar.getByRole("button", { name: "Dismiss", exact: true }).click();
    await bar.waitFor({ state: "detached" });
  });

  test("a plan with a chart and macros: a warning that Save .xlsx writes a copy without them, and the plan opens", async () => {
    const p = page();
    const entries = readZip(await (await xlsxFileHost.examplePlan()).bytes());
    entries.set("xl/charts/chart1.xml", new Uint8Array(Buffer.from("<c:chartSpace/>")));
    entries.set("xl/vbaProject.bin", new Uint8Array(Buffer.from("macros")));
    const file = join(workDir, "council-budget.xlsx");
    writeFileSync(file, writeZip(entries));
    await p.getByLabel(FILE.input, { exact: true }).setInputFiles(file);
    const bar = messageBar(p, "council-budget.xlsx has charts and macros");
    await bar.waitFor();
    expect(await bar.textContent()).toContain("Save .xlsx writes a copy without them. Keep your original file, and use the saved copy only for the plan's figures.");
    await waitForPlanCards(p);
    await capture(p, "13-warning-unkept-parts", "warning message bar (parts Save .xlsx leaves out)");

    // Save .xlsx asks before it writes the copy without them; Cancel is the primary button and saves nothing.
    await toolbar(p).getByRole("button", { name: FILE.save, exact: true }).click();
    const dialog = p.getByRole("dialog", { name: "Save a copy without its charts and macros?" });
    await dialog.waitFor();
    await capture(p, "13b-save-without-unkept-parts", "Save a copy without its charts and macros? dialog", { fullPage: false });
    await dialog.getByRole("button", { name: "Cancel", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
  });

  test("the add-line form with validation errors", async () => {
    const p = page();
    await tab(p, "Allocate").click();
    const form = p.getByRole("form", { name: "Add a line" });
    await form.getByRole("textbox", { name: "Allocation" }).fill("12.345");
    await form.getByRole("button", { name: "Add line", exact: true }).click();
    await form.getByText("Enter the activity this line pays for.", { exact: true }).waitFor();
    expect(await form.getByRole("textbox", { name: /^Activity/ }).getAttribute("aria-invalid")).toBe("true");
    expect(await form.getByRole("textbox", { name: "Allocation" }).getAttribute("aria-invalid")).toBe("true");
    await capture(p, "14-add-line-validation", "add-line form with validation errors");
  });

  test("Discard unsaved changes? before another plan replaces one with an edit", async () => {
    const p = page();
    const box = allocationBox(p, "CRG-01");
    await waitValue(box, "£119,000.00");
    await box.fill("120000");
    await p.getByRole("button", { name: "Save allocations", exact: true }).click();
    await waitDone(p, "Save allocations");
    await p.getByText(/unsaved changes/i).first().waitFor();
    await toolbar(p).getByRole("button", { name: FILE.newBlank, exact: true }).click();
    const dialog = p.getByRole("dialog", { name: "Discard unsaved changes?" });
    await dialog.waitFor();
    // Measured while it still fades in, the dialog's colours would be a blend with the page's.
    await capture(p, "15-discard-dialog", "Discard unsaved changes? dialog", { fullPage: false });
    await dialog.getByRole("button", { name: "Keep editing", exact: true }).click();
    await dialog.waitFor({ state: "detached" });
    await p.getByText(/unsaved changes/i).first().waitFor();
  });
});
