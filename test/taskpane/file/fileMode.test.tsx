/**
 * @jest-environment jsdom
 * @jest-environment-options {"customExportConditions": ["node", "node-addons"]}
 */
// exceljs runs here from node_modules as in Node: its uuid dependency must resolve to
// the CommonJS build rather than jsdom's default "browser" (ES module) one.
import { act } from "@testing-library/react";
import { checkWorkbook } from "../../../src/plan/checks";
import { summarise, summaryToJson } from "../../../src/plan/summary";
import { saveName, sentence } from "../../../src/taskpane/file/FileMode";
import type { FileHost } from "../../../src/taskpane/file/types";
import { xlsxFileHost } from "../../../src/taskpane/file/xlsxHost";
import { XlsxWorkbook } from "../../../src/xlsx/xlsxWorkbook";
import {
  beforeUnloadPrevented,
  editAllocation,
  fileOf,
  fileStatus,
  fireEvent,
  forgetFiles,
  idle,
  openExample,
  renderFileMode,
  screen,
  toolbarButton,
  waitFor,
  within,
} from "./helpers";

jest.setTimeout(60_000);
afterEach(forgetFiles);

describe("File mode", () => {
  it("offers the file actions in a toolbar, a drop zone and a hidden file picker for .xlsx", () => {
    renderFileMode();
    const toolbar = screen.getByRole("toolbar", { name: "File" });
    expect(within(toolbar).getAllByRole("button").map((b) => b.textContent)).toEqual([
      "New blank plan",
      "Open the example",
      "Open .xlsx…",
      "Save .xlsx",
    ]);
    expect(toolbarButton("Save .xlsx")).toHaveProperty("disabled", true);
    expect(screen.getByRole("region", { name: "Drop an .xlsx file here" })).toBeTruthy();
    const picker = screen.getByLabelText("Open .xlsx file");
    expect(picker.getAttribute("type")).toBe("file");
    expect(picker.getAttribute("accept")).toBe(".xlsx");
    expect(fileStatus()).toBe("No file open");
    expect(screen.getByRole("heading", { level: 1, name: "Grant Planner" })).toBeTruthy();
  });

  it("opens the example with both grants' awards on their cards, not yet saved and with nothing to warn about", async () => {
    renderFileMode();
    await openExample();
    const [crg, vrp] = screen.getAllByRole("article").map((card) => within(card));
    expect(crg?.getAllByText("£332,000.00")).toHaveLength(2);
    expect(vrp?.getAllByText("£180,000.00")).toHaveLength(2);
    expect(fileStatus()).toBe("sefton-2020-21.xlsx — not saved yet");
    expect(beforeUnloadPrevented()).toBe(false);
  });

  it("marks an edit as unsaved, warns before leaving, and saves bytes that read back with the edit and the same figures", async () => {
    const saved = renderFileMode();
    await openExample();
    await editAllocation("CRG-01", "120000");
    await waitFor(() => expect(fileStatus()).toBe("sefton-2020-21.xlsx — unsaved changes"));
    expect(beforeUnloadPrevented()).toBe(true);

    fireEvent.click(screen.getByRole("tab", { name: "Plan" }));
    const shown = within(screen.getAllByRole("article")[0] ?? document.body);
    expect(shown.getByText("over-allocated by £1,000.00")).toBeTruthy();

    fireEvent.click(toolbarButton("Save .xlsx"));
    await waitFor(() => expect(saved).toHaveLength(1));
    await waitFor(() => expect(fileStatus()).toBe("sefton-2020-21.xlsx — saved"));
    expect(beforeUnloadPrevented()).toBe(false);

    const [file] = saved;
    expect(file?.name).toBe("sefton-2020-21.xlsx");
    const reread = await XlsxWorkbook.fromBuffer(file?.bytes ?? new Uint8Array());
    const result = checkWorkbook(await reread.read());
    if (result.status !== "plan") throw new Error(result.reason);
    const line = result.plan.lines.find((l) => l.id === "CRG-01");
    expect(line?.allocation?.toFixed(2)).toBe("120000.00");
    const figures = summarise(result.plan).map(summaryToJson);
    expect(figures.map((g) => [g.id, g.award, g.allocated, g.unallocated])).toEqual([
      ["CRG", "332000.00", "333000.00", "-1000.00"],
      ["VRP", "180000.00", "180000.00", "0.00"],
    ]);
    expect(result.findings.some((f) => f.code === "OVER_ALLOCATED")).toBe(true);
  });

  it("says why a damaged file cannot be opened and keeps the plan that was open", async () => {
    renderFileMode();
    await openExample();
    const noise = Uint8Array.from({ length: 2048 }, (_, i) => (i * 7919 + 13) % 256);
    noise[0] = 0x50; // "PK": looks like a zip archive, but is not one
    noise[1] = 0x4b;
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("budget.xlsx", noise)] } });
    const bar = await screen.findByText("budget.xlsx could not be opened");
    const message = bar.closest(".fui-MessageBar");
    expect(message?.textContent).toMatch(/The file is damaged: .+\. sefton-2020-21\.xlsx is still open, unchanged\./);
    expect(fileStatus()).toBe("sefton-2020-21.xlsx — not saved yet");
    expect(screen.getAllByRole("article")).toHaveLength(2);

    fireEvent.click(screen.getByRole("button", { name: "Dismiss" }));
    expect(screen.queryByText("budget.xlsx could not be opened")).toBeNull();
  });

  it("says a file is not an .xlsx workbook when it is not a zip archive", async () => {
    renderFileMode();
    const drop = screen.getByRole("region", { name: "Drop an .xlsx file here" });
    fireEvent.drop(drop, { dataTransfer: { files: [fileOf("notes.txt", Uint8Array.from("Grant, Award\nCRG, 332000\n", (c) => c.charCodeAt(0)))] } });
    expect(await screen.findByText("notes.txt could not be opened")).toBeTruthy();
    expect(screen.getByText(/Not an \.xlsx file \(it is not a zip archive\)\./)).toBeTruthy();
    expect(fileStatus()).toBe("No file open");
  });

  it("opens a dropped plan and one chosen in the picker, each under its own name", async () => {
    const example = await xlsxFileHost.examplePlan();
    const bytes = await example.bytes();
    renderFileMode();
    fireEvent.drop(screen.getByRole("region", { name: "Drop an .xlsx file here" }), {
      dataTransfer: { files: [fileOf("dropped plan.xlsx", bytes)] },
    });
    await waitFor(() => expect(fileStatus()).toBe("dropped plan.xlsx — saved"));
    expect(await screen.findAllByRole("article")).toHaveLength(2);

    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("picked.xlsx", bytes)] } });
    await waitFor(() => expect(fileStatus()).toBe("picked.xlsx — saved"));
  });

  it("sets up a new blank plan with no grants and no error", async () => {
    renderFileMode();
    fireEvent.click(toolbarButton("New blank plan"));
    await idle();
    expect(await screen.findByText(/This plan has no grants yet/)).toBeTruthy();
    expect(fileStatus()).toBe("grant-plan.xlsx — not saved yet");
    expect(screen.queryByRole("article")).toBeNull();
    expect(screen.queryByText(/not a grant plan yet/)).toBeNull();
    expect(document.querySelector(".fui-MessageBar")).toBeNull();
  });

  it("offers set-up on a workbook that is not a plan, and setting it up leaves unsaved changes", async () => {
    const other = XlsxWorkbook.empty();
    await other.edit((book) => {
      book.addWorksheet("Budget").getCell("A1").value = "Our own sheet";
    });
    renderFileMode();
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("budget.xlsx", await other.toBuffer())] } });
    expect(await screen.findByText(/not a grant plan yet/)).toBeTruthy();
    fireEvent.click(screen.getByRole("button", { name: "Set up the example" }));
    expect(await screen.findAllByRole("article")).toHaveLength(2);
    await waitFor(() => expect(fileStatus()).toBe("budget.xlsx — unsaved changes"));
  });

  it("shows the cell a finding selects, since a file has no grid to jump to", async () => {
    renderFileMode();
    await openExample();
    await editAllocation("CRG-01", "120000");
    fireEvent.click(screen.getByRole("tab", { name: "Checks" }));
    const errors = screen.getByRole("region", { name: /^Errors \(\d+\)$/ });
    fireEvent.click(within(errors).getByRole("button", { name: /OVER_ALLOCATED/ }));
    expect(await screen.findByText(/^Selected Grants!E2: £332,000\.00$/)).toBeTruthy();
  });

  it("shows progress while a file opens, keeps the toolbar usable meanwhile, and opens it", async () => {
    const example = await xlsxFileHost.examplePlan();
    let release: () => void = () => undefined;
    const slow: FileHost = {
      ...xlsxFileHost,
      open: (name, bytes) =>
        new Promise((done, fail) => {
          release = () => void xlsxFileHost.open(name, bytes).then(done, fail);
        }),
    };
    renderFileMode(slow);
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("big.xlsx", await example.bytes())] } });
    expect(await screen.findByText("Opening big.xlsx…")).toBeTruthy();
    expect(screen.getByRole("progressbar", { name: "Opening big.xlsx…" })).toBeTruthy();
    for (const name of ["New blank plan", "Open the example", "Open .xlsx…"]) expect(toolbarButton(name)).toHaveProperty("disabled", false);
    // A click while the file opens is ignored rather than starting a second open.
    fireEvent.click(toolbarButton("Open the example"));
    expect(screen.getByText("Opening big.xlsx…")).toBeTruthy();
    release();
    await waitFor(() => expect(fileStatus()).toBe("big.xlsx — saved"));
    expect(await screen.findAllByRole("article")).toHaveLength(2);
  });

  it("shows the reader's one-line reason for a broken file in a message bar", async () => {
    const { XlsxReadError } = await import("../../../src/xlsx/xlsxWorkbook");
    const broken: FileHost = { ...xlsxFileHost, open: () => Promise.reject(new XlsxReadError("the file is damaged: the Lines sheet is cut short")) };
    renderFileMode(broken);
    fireEvent.change(screen.getByLabelText("Open .xlsx file"), { target: { files: [fileOf("cut.xlsx", new Uint8Array([80, 75, 3, 4]))] } });
    const title = await screen.findByText("cut.xlsx could not be opened");
    expect(title.closest(".fui-MessageBar")?.textContent).toContain("The file is damaged: the Lines sheet is cut short.");
    expect(fileStatus()).toBe("No file open");
  });

  it("says when saving fails and keeps the changes marked unsaved", async () => {
    const failing: FileHost = {
      ...xlsxFileHost,
      async examplePlan() {
        const file = await xlsxFileHost.examplePlan();
        return { ...file, bytes: () => Promise.reject(new Error("the disk is full")) };
      },
    };
    renderFileMode(failing);
    await openExample();
    await editAllocation("CRG-02", "49000");
    await act(async () => {
      fireEvent.click(toolbarButton("Save .xlsx"));
    });
    expect(await screen.findByText("sefton-2020-21.xlsx was not saved")).toBeTruthy();
    expect(screen.getByText(/The disk is full\./)).toBeTruthy();
    expect(fileStatus()).toBe("sefton-2020-21.xlsx — unsaved changes");
  });
});

describe("file names and reasons", () => {
  it.each([
    ["plan.xlsx", "plan.xlsx"],
    ["Plan.XLSX", "Plan.XLSX"],
    ["plan.xlsm", "plan.xlsx"],
    ["plan", "plan.xlsx"],
    ["  ", "grant-plan.xlsx"],
  ])("saves %p as %p", (name, expected) => {
    expect(saveName(name)).toBe(expected);
  });

  it("turns a host's one-line reason into a sentence", () => {
    expect(sentence("not an .xlsx file (it is empty)")).toBe("Not an .xlsx file (it is empty).");
    expect(sentence("Done already.")).toBe("Done already.");
    expect(sentence("")).toBe("No reason was given.");
  });
});
