/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// exceljs runs here from node_modules as in Node: its uuid dependency must resolve to
// the CommonJS build rather than jsdom's default "browser" (ES module) one.
// The confirmation is a modal dialog; it has a file of its own because jsdom slows down
// for every test that follows one.
import { beforeUnloadPrevented, editAllocation, fileStatus, fireEvent, isPrimary, openExample, renderFileMode, screen, toolbarButton, waitFor, within } from "./helpers";

jest.setTimeout(60_000);

describe("File mode with unsaved changes", () => {
  it("asks before replacing a plan with unsaved changes, and keeps it when told to", async () => {
    renderFileMode();
    await openExample();
    await editAllocation("CRG-01", "120000");
    fireEvent.click(toolbarButton("New blank plan"));
    const dialog = await screen.findByRole("dialog", { name: "Discard unsaved changes?" });
    // The button that loses work is not the primary one; keeping it is.
    expect(isPrimary(within(dialog).getByRole("button", { name: "Discard changes" }))).toBe(false);
    expect(isPrimary(within(dialog).getByRole("button", { name: "Keep editing" }))).toBe(true);
    fireEvent.click(within(dialog).getByRole("button", { name: "Keep editing" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(fileStatus()).toBe("sefton-2020-21.xlsx — unsaved changes");

    fireEvent.click(toolbarButton("New blank plan"));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Discard changes" }));
    await waitFor(() => expect(fileStatus()).toBe("grant-plan.xlsx — not saved yet"));
    expect(beforeUnloadPrevented()).toBe(false);
  });
});
