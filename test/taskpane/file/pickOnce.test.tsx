/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// exceljs runs here from node_modules as in Node: its uuid dependency must resolve to
// the CommonJS build rather than jsdom's default "browser" (ES module) one.
// The test with the confirmation dialog comes last: jsdom slows down for every test that follows one.
import { xlsxFileHost } from "../../../src/taskpane/file/xlsxHost";
import { editAllocation, fileOf, fileStatus, fireEvent, openExample, renderFileMode, screen, toolbarButton, waitFor, within } from "./helpers";

jest.setTimeout(60_000);

describe("File mode", () => {
  it("shows why a file could not be opened in a live region that was in the page before", async () => {
    renderFileMode();
    const before = Array.from(document.querySelectorAll("[aria-live]"));
    const drop = screen.getByRole("region", { name: "Drop an .xlsx file here" });
    fireEvent.drop(drop, { dataTransfer: { files: [fileOf("notes.txt", Uint8Array.from("Grant, Award\n", (c) => c.charCodeAt(0)))] } });
    const title = await screen.findByText("notes.txt could not be opened");
    const region = title.closest("[aria-live]");
    expect(region).not.toBeNull();
    expect(before).toContain(region);
  });

  it("asks once, not twice, about unsaved changes before opening a file chosen with Open .xlsx…", async () => {
    const bytes = await (await xlsxFileHost.examplePlan()).bytes();
    renderFileMode();
    await openExample();
    await editAllocation("CRG-01", "120000");
    const picker = screen.getByLabelText("Open .xlsx file");
    const pickerOpened = jest.fn();
    picker.addEventListener("click", pickerOpened);

    fireEvent.click(toolbarButton("Open .xlsx…"));
    const dialog = await screen.findByRole("dialog", { name: "Discard unsaved changes?" });
    expect(pickerOpened).not.toHaveBeenCalled();
    fireEvent.click(within(dialog).getByRole("button", { name: "Discard changes" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(pickerOpened).toHaveBeenCalledTimes(1);

    fireEvent.change(picker, { target: { files: [fileOf("picked.xlsx", bytes)] } });
    await waitFor(() => expect(fileStatus()).toBe("picked.xlsx — saved"));
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
