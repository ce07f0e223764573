/**
 * File mode's port decorator. A plan opened in the browser lives only in memory until
 * the person saves it, so the pane must know whether anything changed since the file was
 * opened or last saved, and which cell a finding asked to show (there is no grid to
 * scroll to). It passes every call to the real host and records just that.
 */
import type { ApplyOutcome, Change, RawWorkbook, WorkbookPort } from "../../workbook/port";

export interface SelectedCell {
  readonly sheet: string;
  readonly cell: string;
}

export interface TrackedState {
  /** Counts writes to the workbook; a save records the version it saved. */
  readonly version: number;
  readonly savedVersion: number;
  /** True when the workbook holds writes that have not been saved to a file. */
  readonly dirty: boolean;
  /** The cell last selected through the port, newest first. */
  readonly selection: SelectedCell | null;
}

export class TrackedPort implements WorkbookPort {
  readonly kind: WorkbookPort["kind"];
  private state: TrackedState = { version: 0, savedVersion: 0, dirty: false, selection: null };
  private readonly listeners = new Set<() => void>();

  constructor(private readonly inner: WorkbookPort) {
    this.kind = inner.kind;
  }

  read(): Promise<RawWorkbook> {
    return this.inner.read();
  }

  /**
   * Anything written makes the workbook dirty: a full write, a partial one, and a host
   * that threw after being asked to write (it cannot say what landed, so assume it did).
   */
  async apply(changes: readonly Change[]): Promise<ApplyOutcome> {
    let outcome: ApplyOutcome;
    try {
      outcome = await this.inner.apply(changes);
    } catch (error) {
      if (changes.length > 0) this.changed();
      throw error;
    }
    if (outcome.written.length > 0) this.changed();
    return outcome;
  }

  async select(sheet: string, cell: string): Promise<void> {
    await this.inner.select(sheet, cell);
    this.update({ ...this.state, selection: { sheet, cell } });
  }

  /**
   * Records that the workbook as it was at `version` is now in a file. Writes made while
   * the file was being produced keep the workbook dirty.
   */
  markSaved(version: number): void {
    const savedVersion = Math.max(this.state.savedVersion, Math.min(version, this.state.version));
    this.update({ ...this.state, savedVersion, dirty: savedVersion !== this.state.version });
  }

  /** For React's useSyncExternalStore: the same object until something changes. */
  readonly getState = (): TrackedState => this.state;

  readonly subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  };

  private changed(): void {
    const version = this.state.version + 1;
    this.update({ ...this.state, version, dirty: version !== this.state.savedVersion });
  }

  private update(next: TrackedState): void {
    this.state = next;
    for (const listener of [...this.listeners]) listener();
  }
}
