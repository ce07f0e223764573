import { paneMode } from "../../../src/taskpane/file/mode";

describe("paneMode", () => {
  const EXCEL = "Excel";
  it.each([
    [null, "file"],
    [undefined, "file"],
    ["Excel", "excel"],
    ["Word", "needs-excel"],
    ["PowerPoint", "needs-excel"],
  ])("host %p runs the pane in %s mode", (host, mode) => {
    expect(paneMode(host, EXCEL)).toBe(mode);
  });
});
