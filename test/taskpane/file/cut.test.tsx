/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// exceljs runs here from node_modules as in Node (see unkept.test.tsx).
import { exampleData, hostPlanBytes } from "../../fixtures/workbooks";
import { editPart, readZip, sheetPart, writeZip } from "../../fixtures/zip";
import { editAllocation, fileOf, forgetFiles, idle, renderFileMode, screen, toolbarButton, waitFor, within, fireEvent } from "./helpers";

jest.setTimeout(90_000);
afterEach(forgetFiles);

/** The example plan with a merged area from row 300 to the end of the Lines sheet. */
async function withWholeSheetMerge(): Promise<Uint8Array> {
  const entries = readZip(await hostPlanBytes(exampleData(), "sefton-2020-21"));
  editPart(entries, sheetPart(entries, "Lines"), (xml) => xml.replace("</sheetData>", '</sheetData><mergeCells count="1"><mergeCell ref="A300:XFD1048576"/></mergeCells>'));
  return writeZip(entries);
}

describe("File mode saving a file whose huge merged area had to be cut", () => {
  it("asks before Save .xlsx, naming the merged area and what it became; Cancel saves nothing", async () => {
    const saved = renderFileMode();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("merged.xlsx", await withWholeSheetMerge())] } });
    await idle();
    await editAllocation("CRG-01", "95000");

    fireEvent.click(toolbarButton("Save .xlsx"));
    const dialog = await screen.findByRole("dialog", { name: "Save a copy with large ranges cut?" });
    const list = within(dialog).getByRole("list", { name: "Ranges cut" });
    expect(list.textContent).toMatch(/Merged cells A300:XFD1048576 on sheet "Lines" were cut to A300:\w+\d+, the part of the sheet in use\./);
    fireEvent.click(within(dialog).getByRole("button", { name: "Cancel" }));
    await waitFor(() => expect(screen.queryByRole("dialog")).toBeNull());
    expect(saved).toHaveLength(0);

    fireEvent.click(toolbarButton("Save .xlsx"));
    fireEvent.click(within(await screen.findByRole("dialog")).getByRole("button", { name: "Save" }));
    await waitFor(() => expect(saved).toHaveLength(1));
  });

  it("saves an ordinary plan without asking", async () => {
    const saved = renderFileMode();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("plain.xlsx", await hostPlanBytes(exampleData(), "sefton-2020-21"))] } });
    await idle();
    await editAllocation("CRG-01", "95000");
    fireEvent.click(toolbarButton("Save .xlsx"));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(screen.queryByRole("dialog")).toBeNull();
  });
});
