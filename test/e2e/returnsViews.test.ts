/**
 * The Return and Progress tabs in the production build, Debian Chromium, file mode, the
 * example plan, at 350 px wide: their code arrives only when a tab is first opened, they
 * are no wider than the pane, axe-core finds nothing serious, and a screenshot of each is
 * kept in test-artifacts/e2e (returns-*.png). Then a project lead submits a late Q2
 * return, and the Progress view and `grant-planner progress --json` on the saved file
 * agree to the penny.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Locator, Page } from "playwright-core";
import { type CliIo, nodeIo } from "../../src/cli/io";
import { main } from "../../src/cli/main";
import { axe } from "./axe";
import { screenshot } from "./harness";
import { contentWidth, exampleForAllTests, FILE, machineAmount, toolbar } from "./panePage";

jest.setTimeout(90_000);

const WIDTH = 350;
const HEIGHT = 640;

/** Script files the page fetched, by name. */
const fetched: string[] = [];

const thePage = exampleForAllTests({ width: WIDTH, height: HEIGHT }, (page) =>
  page.on("request", (request) => {
    if (request.resourceType() === "script") fetched.push(new URL(request.url()).pathname);
  }),
);

let saved: string | undefined;

afterAll(() => {
  if (saved !== undefined) rmSync(saved, { recursive: true, force: true });
});

function returnsChunks(): string[] {
  return fetched.filter((path) => /\/returns\.[0-9a-f]+\.chunk\.js$/.test(path));
}

async function expectFits(p: Page, view: string): Promise<void> {
  expect(await contentWidth(p)).toBeLessThanOrEqual(WIDTH);
  const result = await axe(p);
  if (result.serious.length > 0) throw new Error(`axe-core found serious or critical violations on ${view}:\n${JSON.stringify(result.serious, null, 2)}`);
}

describe(`the Return and Progress tabs at ${WIDTH} px`, () => {
  test("the Return tab loads its code on first opening and shows a lead organisation's lines", async () => {
    const p = thePage();
    expect(returnsChunks()).toEqual([]);
    await p.getByRole("tab", { name: "Return", exact: true }).click();
    await p.getByRole("combobox", { name: "Lead organisation" }).waitFor();
    expect(returnsChunks()).toHaveLength(1);
    await p.getByRole("group").first().waitFor();
    // The first five tabs in one row; the sixth wraps to a second rather than widen the pane.
    const tops = await p.getByRole("tab").evaluateAll((tabs) => tabs.map((t) => Math.round(t.getBoundingClientRect().top)));
    expect(tops).toHaveLength(6);
    expect(new Set(tops.slice(0, 5)).size).toBe(1);
    await screenshot(p, "returns-return-350");
    await expectFits(p, "the Return tab");
  });

  test("the Progress tab shows the figures as at the plan's quarter, with a meter per measure", async () => {
    const p = thePage();
    await p.getByRole("tab", { name: "Progress", exact: true }).click();
    await p.getByRole("combobox", { name: "As at" }).waitFor();
    await p.getByRole("article").first().waitFor();
    expect(await p.getByRole("meter").count()).toBeGreaterThan(0);
    // Both tabs come from the one chunk, fetched once.
    expect(returnsChunks()).toHaveLength(1);
    await screenshot(p, "returns-progress-350");
    await expectFits(p, "the Progress tab");
  });
});

/** A figure of a line card or grant section on the Progress tab, as shown ("£7,380.00"). */
async function figure(where: Locator, term: string): Promise<string> {
  return (await where.locator("dt", { hasText: term }).first().locator("xpath=following-sibling::dd[1]").textContent()) ?? "";
}

interface CliLine {
  readonly id: string;
  readonly spendToDate: string | null;
  readonly returnsMissing: readonly string[];
}
interface CliGrant {
  readonly id: string;
  readonly spendToDate: string | null;
  readonly lines: readonly CliLine[];
}

function isCliReport(json: unknown): json is { asAt: string; grants: CliGrant[] } {
  return typeof json === "object" && json !== null && "asAt" in json && "grants" in json && Array.isArray(json.grants);
}

describe("a late Q2 return, submitted in file mode", () => {
  test("shows in the Progress view, and the CLI's progress --json of the saved file agrees to the penny", async () => {
    const p = thePage();
    await p.getByRole("tab", { name: "Return", exact: true }).click();
    await p.getByRole("combobox", { name: "Lead organisation" }).selectOption({ label: "Lines with no lead organisation" });
    await p.getByRole("combobox", { name: "Quarter" }).selectOption("2020/21-Q2");
    const line = p.getByRole("group", { name: /^CRG-04 / });
    await line.getByRole("textbox", { name: "Spend in quarter" }).fill("14,321.09");
    await line.getByRole("combobox", { name: "Status" }).first().selectOption("Amber");
    await line.getByRole("textbox", { name: "Commentary" }).fill("Late: the SIT team started in August.");
    await p.getByRole("button", { name: "Submit returns", exact: true }).click();
    await p.getByText("Submit returns: done", { exact: true }).waitFor();

    await p.getByRole("tab", { name: "Progress", exact: true }).click();
    const asAt = await p.getByRole("combobox", { name: "As at" }).inputValue();
    const card = p.getByRole("article", { name: /^CRG-04 / });
    await card.waitFor();
    const shownLine = machineAmount(await figure(card, "Spend to date"));
    const grant = p.getByRole("region", { name: "Crime Reduction Grant 2020/21" });
    const shownGrant = machineAmount(await figure(grant, "Spend to date"));
    expect(await p.getByRole("region", { name: /^Returns due/ }).getByText("CRG-04", { exact: true }).count()).toBe(0);

    saved = mkdtempSync(join(tmpdir(), "grant-planner-returns-"));
    const file = join(saved, "returns.xlsx");
    const [download] = await Promise.all([p.waitForEvent("download"), toolbar(p).getByRole("button", { name: FILE.save, exact: true }).click()]);
    await download.saveAs(file);
    let stdout = "";
    const io: CliIo = { ...nodeIo(), stdout: (t) => (stdout += t), stderr: () => undefined };
    await main(["progress", file, "--as-at", asAt, "--json"], io);
    const json: unknown = JSON.parse(stdout);
    if (!isCliReport(json)) throw new Error(`not a progress report: ${stdout.slice(0, 200)}`);
    const crg = json.grants.find((g) => g.id === "CRG");
    const crg04 = crg?.lines.find((l) => l.id === "CRG-04");
    expect(json.asAt).toBe(asAt);
    expect(crg04?.spendToDate).toBe(shownLine);
    expect(crg?.spendToDate).toBe(shownGrant);
    expect(crg04?.returnsMissing).toEqual([]);
  });
});
