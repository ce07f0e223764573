import type { Change } from "../../../src/plan/changes";
import { TrackedPort } from "../../../src/taskpane/file/trackedPort";
import { MemoryWorkbook } from "../../../src/workbook/memory";
import type { ApplyOutcome, RawWorkbook, WorkbookPort } from "../../../src/workbook/port";

const CREATE: Change = { kind: "createSheet", sheet: "Notes", hidden: false };
const ANOTHER: Change = { kind: "createSheet", sheet: "More notes", hidden: false };

/** A host that answers apply with a fixed outcome, or throws. */
class ScriptedPort implements WorkbookPort {
  readonly kind = "file" as const;
  constructor(private readonly outcome: ApplyOutcome | Error) {}
  async read(): Promise<RawWorkbook> {
    return { sheets: [], meta: null, tables: [] };
  }
  async apply(): Promise<ApplyOutcome> {
    if (this.outcome instanceof Error) throw this.outcome;
    return this.outcome;
  }
  async select(): Promise<void> {}
}

describe("TrackedPort", () => {
  it("starts clean and passes reads through", async () => {
    const inner = new MemoryWorkbook();
    const port = new TrackedPort(inner);
    expect(port.kind).toBe("file");
    expect(port.getState()).toEqual({ version: 0, savedVersion: 0, dirty: false, selection: null });
    expect(await port.read()).toEqual(await inner.read());
  });

  it("becomes dirty when a write lands, and clean again when that version is saved", async () => {
    const inner = new MemoryWorkbook();
    const port = new TrackedPort(inner);
    const outcome = await port.apply([CREATE]);
    expect(outcome.ok).toBe(true);
    expect(inner.sheet("Notes")).toBeDefined();
    expect(port.getState()).toMatchObject({ version: 1, dirty: true });
    port.markSaved(port.getState().version);
    expect(port.getState()).toMatchObject({ version: 1, savedVersion: 1, dirty: false });
  });

  it("stays dirty when a write landed while the file was being saved", async () => {
    const port = new TrackedPort(new MemoryWorkbook());
    await port.apply([CREATE]);
    const saving = port.getState().version;
    await port.apply([ANOTHER]);
    port.markSaved(saving);
    expect(port.getState()).toMatchObject({ version: 2, savedVersion: 1, dirty: true });
  });

  it("never records a saved version newer than the writes, nor goes back to an older one", async () => {
    const port = new TrackedPort(new MemoryWorkbook());
    await port.apply([CREATE]);
    port.markSaved(5);
    expect(port.getState()).toMatchObject({ savedVersion: 1, dirty: false });
    port.markSaved(0);
    expect(port.getState()).toMatchObject({ savedVersion: 1, dirty: false });
  });

  it("stays clean when nothing was written", async () => {
    const port = new TrackedPort(new MemoryWorkbook());
    await port.apply([]);
    const refused = new TrackedPort(new ScriptedPort({ ok: false, message: "no", written: [], notWritten: ["Create sheet Notes"] }));
    await refused.apply([CREATE]);
    expect(port.getState().dirty).toBe(false);
    expect(refused.getState().dirty).toBe(false);
  });

  it("becomes dirty after a partial write and after a host that threw while writing", async () => {
    const partial = new TrackedPort(new ScriptedPort({ ok: false, message: "half", written: ["Create sheet Notes"], notWritten: ["x"] }));
    await partial.apply([CREATE, ANOTHER]);
    expect(partial.getState().dirty).toBe(true);

    const threw = new TrackedPort(new ScriptedPort(new Error("disk on fire")));
    await expect(threw.apply([CREATE])).rejects.toThrow("disk on fire");
    expect(threw.getState().dirty).toBe(true);
  });

  it("records the selected cell after the host selected it, and tells subscribers", async () => {
    const inner = new MemoryWorkbook();
    const port = new TrackedPort(inner);
    const heard: boolean[] = [];
    const unsubscribe = port.subscribe(() => heard.push(port.getState().dirty));
    await port.select("Lines", "F2");
    expect(inner.selected).toEqual({ sheet: "Lines", cell: "F2" });
    expect(port.getState().selection).toEqual({ sheet: "Lines", cell: "F2" });
    await port.apply([CREATE]);
    unsubscribe();
    await port.apply([ANOTHER]);
    expect(heard).toEqual([false, true]);
  });

  it("keeps the same state object until something changes", async () => {
    const port = new TrackedPort(new MemoryWorkbook());
    const before = port.getState();
    await port.read();
    expect(port.getState()).toBe(before);
  });
});
