/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
/** The Summary tab on the example in a memory workbook: figures, Refresh summary, its warnings, exports. */
import "./setup";
import { webLightTheme } from "@fluentui/react-components";
import { act, render } from "@testing-library/react";
import type { CellValue } from "../../src/plan/cell";
import { formatGBP } from "../../src/plan/money";
import type { Quarter } from "../../src/plan/periods";
import { progressOf } from "../../src/plan/returns/progress";
import { META_SHEET } from "../../src/plan/schema";
import { App } from "../../src/taskpane/App";
import { preloadParts } from "../../src/taskpane/parts";
import type { MemoryWorkbook } from "../../src/workbook/memory";
import type { WorkbookPort } from "../../src/workbook/port";
import { XlsxWorkbook } from "../../src/xlsx/xlsxWorkbook";
import { checked, exampleWorkbook } from "../support/plans";
import { button, click, fireEvent, named, openTab, screen, waitFor, within } from "./pane";

jest.setTimeout(60_000);

const Q1: Quarter = { year: { startYear: 2020 }, quarter: 1 };
const Q2: Quarter = { year: { startYear: 2020 }, quarter: 2 };
const FIGURES = ["award", "allocated", "spendToDate", "remaining"] as const;

interface Downloaded {
  readonly bytes: Uint8Array;
  readonly name: string;
  readonly type: string;
}

/** The pane on `wb`, on the Summary tab, with downloads recorded. */
async function summaryTab(wb: MemoryWorkbook): Promise<Downloaded[]> {
  const downloads: Downloaded[] = [];
  render(<App port={wb} theme={webLightTheme} planName="sefton-2020-21.xlsx" download={(bytes, name, type) => downloads.push({ bytes, name, type })} />);
  await waitFor(() => expect(screen.queryByText("Reading the workbook…")).toBeNull());
  await act(() => preloadParts());
  openTab("Summary");
  await screen.findByRole("combobox", { name: "As at" });
  return downloads;
}

function summaryValues(raw: Awaited<ReturnType<MemoryWorkbook["read"]>>): readonly (readonly CellValue[])[] {
  const values = raw.ownedSheets?.find((o) => o.sheet === "Summary")?.values;
  if (values === undefined || values === null) throw new Error("no Summary sheet");
  return values;
}

/** The Grants table's rows on a Summary sheet: grant ID and the money columns, as pounds with two decimals. */
function grantRows(values: readonly (readonly CellValue[])[]): Map<string, Record<(typeof FIGURES)[number], string | null>> {
  const at = values.findIndex((row) => row[0] === "Grants");
  const rows = new Map<string, Record<(typeof FIGURES)[number], string | null>>();
  for (let r = at + 2; r < values.length; r++) {
    const row = values[r] ?? [];
    const id = row[0];
    if (typeof id !== "string" || id === "") break;
    const pounds = (i: number) => {
      const v = row[i];
      return typeof v === "number" ? v.toFixed(2) : null;
    };
    rows.set(id, { award: pounds(2), allocated: pounds(3), spendToDate: pounds(5), remaining: pounds(6) });
  }
  return rows;
}

/** A figure of the pane's grants table, as shown. */
function shown(grant: string, figure: string): string {
  const cell = document.querySelector(`td[data-grant="${grant}"][data-figure="${figure}"]`);
  return cell?.textContent ?? "";
}

async function refreshDone(): Promise<void> {
  await screen.findByText("Refresh summary: done");
}

describe("the Summary tab", () => {
  it("shows the grants' figures of progress as at the chosen quarter, and Refresh summary writes them to the penny", async () => {
    const wb = await exampleWorkbook();
    await summaryTab(wb);
    const { plan } = await checked(wb);
    const asAt = named("combobox", "As at");
    expect(asAt).toHaveProperty("value", "2020/21-Q2");
    fireEvent.change(asAt, { target: { value: "2020/21-Q1" } });
    const q1 = progressOf(plan, Q1);
    for (const g of q1.grants) expect(shown(g.id, "spendToDate")).toBe(g.spendToDate === null ? "not known" : formatGBP(g.spendToDate));
    fireEvent.change(asAt, { target: { value: "2020/21-Q2" } });
    const progress = progressOf(plan, Q2);
    for (const g of progress.grants) {
      for (const f of FIGURES) {
        const m = g[f];
        expect(shown(g.id, f)).toBe(m === null ? "not known" : formatGBP(m));
      }
    }
    // The charts come with the view, each with its words.
    expect(screen.getAllByRole("img").length).toBeGreaterThanOrEqual(3);

    const apply = jest.spyOn(wb, "apply");
    click(button("Refresh summary"));
    await refreshDone();
    expect(apply).toHaveBeenCalledTimes(1);
    const sheet = grantRows(summaryValues(await wb.read()));
    expect([...sheet.keys()]).toEqual([...progress.grants.map((g) => g.id), "Total"]);
    for (const g of progress.grants) {
      expect(sheet.get(g.id)).toEqual({ award: g.award?.toFixed(2), allocated: g.allocated?.toFixed(2), spendToDate: g.spendToDate?.toFixed(2) ?? null, remaining: g.remaining?.toFixed(2) ?? null });
    }
    // Focus lands on the outcome.
    await waitFor(() => expect(document.activeElement?.textContent).toContain("Refresh summary: done"));
  });

  it("builds one grant's summary when one grant is chosen", async () => {
    const wb = await exampleWorkbook();
    await summaryTab(wb);
    fireEvent.change(named("combobox", "Grant"), { target: { value: "VRP" } });
    expect(document.querySelector('td[data-grant="CRG"]')).toBeNull();
    click(button("Refresh summary"));
    await refreshDone();
    expect([...grantRows(summaryValues(await wb.read())).keys()]).toEqual(["VRP", "Total"]);
  });

  it("warns when the Summary sheet was changed since it was built; keeping leaves the old sheet under the kept name", async () => {
    const wb = await exampleWorkbook();
    await summaryTab(wb);
    click(button("Refresh summary"));
    await refreshDone();
    wb.setValue("Summary", "C40", "typed on the sheet");
    click(button("Refresh summary"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain('The "Summary" sheet was changed since Grant Planner built it.');
    expect(within(alert).getAllByRole("button").map((b) => b.textContent)).toEqual(["Keep the old sheet as 'Summary (old)' and refresh", "Replace it", "Cancel"]);
    await waitFor(() => expect(alert.parentElement?.contains(document.activeElement)).toBe(true));
    click(within(alert).getByRole("button", { name: "Keep the old sheet as 'Summary (old)' and refresh" }));
    await refreshDone();
    expect(wb.value("Summary (old)", "C40")).toBe("typed on the sheet");
    expect(wb.value("Summary", "C40")).not.toBe("typed on the sheet");
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("replaces an edited sheet when told to, keeping no copy", async () => {
    const wb = await exampleWorkbook();
    await summaryTab(wb);
    click(button("Refresh summary"));
    await refreshDone();
    wb.setValue("Summary", "C40", "typed on the sheet");
    click(button("Refresh summary"));
    click(within(await screen.findByRole("alert")).getByRole("button", { name: "Replace it" }));
    await refreshDone();
    expect(wb.value("Summary", "C40")).not.toBe("typed on the sheet");
    expect(wb.sheet("Summary (old)")).toBeUndefined();
  });

  it("never deletes a sheet called Summary it did not build: only keeping it is offered", async () => {
    const wb = await exampleWorkbook();
    wb.addSheet("Summary").cells.set("A1", "Our own notes for the board");
    await summaryTab(wb);
    click(button("Refresh summary"));
    const alert = await screen.findByRole("alert");
    expect(alert.textContent).toContain('a sheet called "Summary" that Grant Planner did not build');
    expect(within(alert).queryByRole("button", { name: "Replace it" })).toBeNull();
    click(within(alert).getByRole("button", { name: "Keep the old sheet as 'Summary (old)' and refresh" }));
    await refreshDone();
    expect(wb.value("Summary (old)", "A1")).toBe("Our own notes for the board");
    expect(grantRows(summaryValues(await wb.read())).has("CRG")).toBe(true);
  });

  it("starts nothing on a second click while one piece of work runs, whatever the buttons show", async () => {
    const wb = await exampleWorkbook();
    const downloads = await summaryTab(wb);
    const apply = jest.spyOn(wb, "apply");
    const refresh = button("Refresh summary");
    const csv = button("Export CSV");
    // Both clicks land before the pane re-renders (inside one act), so the buttons are still enabled: only the guard stops the second.
    await act(async () => {
      refresh.click();
      refresh.click();
      csv.click();
      await Promise.resolve();
    });
    await refreshDone();
    expect(apply).toHaveBeenCalledTimes(1);
    expect(downloads).toEqual([]);

    await act(async () => {
      csv.click();
      csv.click();
      refresh.click();
      await Promise.resolve();
    });
    await screen.findByText("Downloaded Summary 2020-21 Q2.csv.");
    expect(downloads).toHaveLength(1);
    expect(apply).toHaveBeenCalledTimes(1);
  });

  it("disables every button while the sheet is being written, and shows that it is", async () => {
    const wb = await exampleWorkbook();
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (open = resolve));
    const apply = wb.apply.bind(wb);
    const applied = jest.spyOn(wb, "apply").mockImplementation(async (changes) => {
      await gate;
      return apply(changes);
    });
    const downloads = await summaryTab(wb);
    click(button("Refresh summary"));
    await screen.findByText("Building the summary sheet…");
    for (const name of ["Refresh summary", "Export summary workbook", "Export CSV"]) expect(button(name)).toHaveProperty("disabled", true);
    click(button("Export CSV"));
    click(button("Refresh summary"));
    open();
    await refreshDone();
    expect(applied).toHaveBeenCalledTimes(1);
    expect(downloads).toEqual([]);
    expect(button("Export CSV")).toHaveProperty("disabled", false);
  });

  it("exports the CSV with a byte order mark and the workbook as .xlsx bytes of the summary, saying so", async () => {
    const wb = await exampleWorkbook();
    const downloads = await summaryTab(wb);
    const { plan } = await checked(wb);
    click(button("Export CSV"));
    const said = await screen.findByText("Downloaded Summary 2020-21 Q2.csv.");
    await waitFor(() => expect(said.closest("[aria-live]")?.contains(document.activeElement)).toBe(true));
    const [csv] = downloads;
    expect(csv?.name).toBe("Summary 2020-21 Q2.csv");
    expect(csv?.type).toMatch(/^text\/csv/);
    expect([...(csv?.bytes.slice(0, 3) ?? [])]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(csv?.bytes.slice(3));
    const crg = progressOf(plan, Q2).grants.find((g) => g.id === "CRG");
    expect(text).toContain(`CRG,Crime Reduction Grant 2020/21,${crg?.award?.toFixed(2) ?? "?"},${crg?.allocated?.toFixed(2) ?? "?"}`);
    expect(text.split("\r\n")[1]).toBe("Plan: sefton-2020-21.xlsx");

    click(button("Export summary workbook"));
    expect(screen.getByText("Building the workbook…")).toBeTruthy();
    await screen.findByText("Downloaded Summary 2020-21 Q2.xlsx.", undefined, { timeout: 30_000 });
    const xlsx = downloads[1];
    expect(xlsx?.name).toBe("Summary 2020-21 Q2.xlsx");
    const book = await XlsxWorkbook.fromBuffer(xlsx?.bytes ?? new Uint8Array());
    const raw = await book.read();
    expect(raw.sheets.map((s) => s.name)).toEqual(["Summary"]);
    expect(grantRows(summaryValues(raw)).get("CRG")?.spendToDate).toBe(crg?.spendToDate?.toFixed(2));
    // Nothing was written to the plan.
    expect(wb.sheet("Summary")).toBeUndefined();
  });

  it("in Excel, opens the exported workbook in a new window when it can, and downloads it when it cannot", async () => {
    const wb = await exampleWorkbook();
    const opened: Uint8Array[] = [];
    let answer: "opened" | "unsupported" = "opened";
    Object.assign(wb, {
      openWorkbook: (bytes: Uint8Array) => {
        opened.push(bytes);
        return Promise.resolve(answer);
      },
    });
    const downloads = await summaryTab(wb);
    click(button("Export summary workbook"));
    await screen.findByText("Opened the summary workbook in a new Excel window.", undefined, { timeout: 30_000 });
    expect(opened).toHaveLength(1);
    expect(downloads).toEqual([]);
    answer = "unsupported";
    click(button("Export summary workbook"));
    await screen.findByText("Downloaded Summary 2020-21 Q2.xlsx.", undefined, { timeout: 30_000 });
    expect(opened).toHaveLength(2);
    expect(downloads.map((d) => d.name)).toEqual(["Summary 2020-21 Q2.xlsx"]);
  });

  it("in Excel, Refresh summary draws the three native charts and carries the plan's protective marking", async () => {
    const wb = await exampleWorkbook();
    wb.setValue(META_SHEET, "A30", "Protective marking");
    wb.setValue(META_SHEET, "B30", "OFFICIAL-SENSITIVE");
    // The same workbook, as the Excel host presents it.
    const excel: WorkbookPort = { kind: "excel", read: () => wb.read(), apply: (changes) => wb.apply(changes), select: (sheet, cell) => wb.select(sheet, cell) };
    render(<App port={excel} theme={webLightTheme} />);
    await waitFor(() => expect(screen.queryByText("Reading the workbook…")).toBeNull());
    openTab("Summary");
    click(await screen.findByRole("button", { name: "Refresh summary" }));
    await refreshDone();
    expect(wb.sheet("Summary")?.charts.map((c) => c.chart)).toEqual(["pie", "barClustered", "columnClustered"]);
    expect(wb.value("Summary", "A1")).toBe("OFFICIAL-SENSITIVE");
    expect(wb.sheet("Summary")?.pageSetup?.header).toContain("OFFICIAL-SENSITIVE");
    // No plan name in Excel: the heading says what it knows.
    expect(summaryValues(await wb.read()).some((r) => typeof r[0] === "string" && r[0].startsWith("Plan:"))).toBe(false);
  });
});
