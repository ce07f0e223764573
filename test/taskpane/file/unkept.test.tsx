/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// exceljs runs here from node_modules as in Node: its uuid dependency must resolve to
// the CommonJS build rather than jsdom's default "browser" (ES module) one.
import { MessageBar } from "@fluentui/react-components";
import { renderToStaticMarkup } from "react-dom/server";
import { xlsxFileHost } from "../../../src/taskpane/file/xlsxHost";
import { unkeptParts } from "../../../src/xlsx/contents";
import { readZip, writeZip } from "../../fixtures/zip";
import { fileOf, fileStatus, fireEvent, forgetFiles, idle, isPrimary, openExample, renderFileMode, screen, toolbarButton, waitFor, within } from "./helpers";

jest.setTimeout(60_000);
afterEach(forgetFiles);

/** The example plan as the .xlsx host writes it, with the parts another program would have added. */
async function planWith(parts: Readonly<Record<string, string>>): Promise<Uint8Array> {
  const entries = readZip(await (await xlsxFileHost.examplePlan()).bytes());
  for (const [name, content] of Object.entries(parts)) entries.set(name, new Uint8Array(Buffer.from(content, "utf8")));
  return writeZip(entries);
}

const CHART_AND_MACROS = { "xl/charts/chart1.xml": "<c:chartSpace/>", "xl/vbaProject.bin": "macros" };

/** Any message bar on the page. */
function messageBar(): Element | null {
  return document.querySelector(".fui-MessageBar");
}

/** The outline of the icon a message bar of intent "warning" shows (its class names do not say the intent). */
const WARNING_ICON_PATH = /\bd="([^"]+)"/.exec(renderToStaticMarkup(<MessageBar intent="warning" />))?.[1];

function iconPath(bar: Element): string | undefined {
  return bar.querySelector(".fui-MessageBar__icon path")?.getAttribute("d") ?? undefined;
}

describe("File mode on a file with parts it cannot keep", () => {
  it("warns which parts a picked file has and that Save .xlsx leaves them out, and still opens the plan", async () => {
    const bytes = await planWith(CHART_AND_MACROS);
    expect(unkeptParts(bytes)).toEqual(["charts", "macros"]);
    const saved = renderFileMode();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("budget.xlsx", bytes)] } });

    const title = await screen.findByText("budget.xlsx has charts and macros");
    const bar = title.closest(".fui-MessageBar");
    if (!(bar instanceof HTMLElement)) throw new Error("the warning is not in a message bar");
    expect(WARNING_ICON_PATH).toMatch(/\S/);
    expect(iconPath(bar)).toBe(WARNING_ICON_PATH);
    expect(bar.textContent).toMatch(/Save \.xlsx writes a copy without them\. Keep your original file, and use the saved copy only for the plan's figures\./);
    await idle();
    expect(fileStatus()).toBe("budget.xlsx — saved");
    expect(await screen.findAllByRole("article")).toHaveLength(2);

    // Saving asks first, naming what the copy leaves out; Cancel (the primary button) saves nothing.
    fireEvent.click(toolbarButton("Save .xlsx"));
    let dialog = await screen.findByRole("dialog", { name: "Save a copy without its charts and macros?" });
    expect(dialog.textContent).toMatch(/budget\.xlsx has charts and macros\./);
    const cancel = within(dialog).getByRole("button", { name: "Cancel" });
    expect(isPrimary(cancel)).toBe(true);
    expect(isPrimary(within(dialog).getByRole("button", { name: "Save without them" }))).toBe(false);
    fireEvent.click(cancel);
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(saved).toHaveLength(0);

    // Saving does not take the warning away.
    fireEvent.click(toolbarButton("Save .xlsx"));
    dialog = await screen.findByRole("dialog");
    fireEvent.click(within(dialog).getByRole("button", { name: "Save without them" }));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]?.name).toBe("budget.xlsx");
    expect(screen.getByText("budget.xlsx has charts and macros")).toBeTruthy();

    fireEvent.click(within(bar).getByRole("button", { name: "Dismiss the warning" }));
    await waitFor(() => expect(screen.queryByText("budget.xlsx has charts and macros")).toBeNull());
    expect(screen.getAllByRole("article")).toHaveLength(2);

    // A dismissed warning is still asked about before the next save.
    fireEvent.click(toolbarButton("Save .xlsx"));
    expect(await screen.findByRole("dialog", { name: "Save a copy without its charts and macros?" })).toBeTruthy();
  });

  it("warns for a dropped file too, and the warning goes when another plan replaces it", async () => {
    renderFileMode();
    fireEvent.drop(screen.getByRole("region", { name: "Drop an .xlsx file here" }), {
      dataTransfer: { files: [fileOf("partnership.xlsx", await planWith({ "xl/pivotTables/pivotTable1.xml": "<pivotTableDefinition/>" }))] },
    });
    expect(await screen.findByText("partnership.xlsx has pivot tables")).toBeTruthy();
    await idle();
    await openExample();
    expect(screen.queryByText("partnership.xlsx has pivot tables")).toBeNull();
    expect(messageBar()).toBeNull();
  });

  it("keeps the warning for the open file when another file cannot be opened", async () => {
    renderFileMode();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("budget.xlsx", await planWith(CHART_AND_MACROS))] } });
    await screen.findByText("budget.xlsx has charts and macros");
    await idle();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("notes.xlsx", new Uint8Array(Buffer.from("not a zip")))] } });
    expect(await screen.findByText("notes.xlsx could not be opened")).toBeTruthy();
    expect(screen.getByText("budget.xlsx has charts and macros")).toBeTruthy();
  });

  it("says nothing about parts for a plan the .xlsx host wrote", async () => {
    renderFileMode();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("plan.xlsx", await planWith({}))] } });
    await waitFor(() => expect(fileStatus()).toBe("plan.xlsx — saved"));
    expect(await screen.findAllByRole("article")).toHaveLength(2);
    expect(messageBar()).toBeNull();
  });
});
