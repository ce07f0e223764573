/** @jest-environment jsdom */
// File mode's shell must not need the .xlsx library: exceljs comes in a chunk of its own,
// loaded later, so the toolbar shows (and works) before it arrives. Here exceljs and the
// .xlsx reader cannot be loaded at all, and the toolbar must still be there.
import "../setup";
import { webLightTheme } from "@fluentui/react-components";
import { act, render, screen, within } from "@testing-library/react";

jest.mock("exceljs", () => {
  throw new Error("exceljs was loaded with the file-mode shell");
});
jest.mock("../../../src/xlsx/xlsxWorkbook", () => {
  throw new Error("the .xlsx host was loaded with the file-mode shell");
});

jest.setTimeout(30_000);

it("shows the file toolbar without loading any .xlsx library, and says why a file cannot be opened when the library does not load", async () => {
  const { FileModePane } = await import("../../../src/taskpane/file/pane");
  await act(async () => {
    render(<FileModePane theme={webLightTheme} />);
  });
  const toolbar = screen.getByRole("toolbar", { name: "File" });
  expect(within(toolbar).getAllByRole("button").map((b) => b.textContent)).toEqual(["New blank plan", "Open the example", "Open .xlsx…", "Save .xlsx"]);
  within(toolbar).getByRole("button", { name: "Open the example" }).click();
  expect(await screen.findByText("The example could not be opened")).toBeTruthy();
  expect(screen.getByText(/the \.xlsx host was loaded with the file-mode shell/i)).toBeTruthy();
});
