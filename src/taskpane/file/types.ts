/**
 * What file mode needs from the .xlsx host, without naming exceljs: the shell is written
 * (and tested) against these, and the browser build hands in the real host.
 */
import type { WorkbookPort } from "../../workbook/port";

/** A workbook open in the browser: its name, its port and the way to get its bytes back. */
export interface PlanFile {
  /** The name the file is saved under, e.g. "sefton-2020-21.xlsx". */
  readonly name: string;
  readonly port: WorkbookPort;
  /** The bytes of the .xlsx file as it stands now. */
  bytes(): Promise<Uint8Array>;
  /** What the cell shows, in words ("£119,000.00", "blank"); null when there is no such sheet or cell. */
  shownValue(sheet: string, cell: string): string | null;
  /**
   * What writing changed in the file beyond the plan's changes, one sentence each (large
   * merged areas or validation ranges cut to the part of the sheet in use); empty when nothing.
   */
  cutOnSave(): readonly string[];
}

export interface FileHost {
  /** A new workbook set up as a blank plan. */
  blankPlan(): Promise<PlanFile>;
  /** A new workbook holding the shipped example plan. */
  examplePlan(): Promise<PlanFile>;
  /** Opens the bytes of a file; rejects with the reason (one line for a person) when it cannot. */
  open(name: string, bytes: ArrayBuffer): Promise<PlanFile>;
}

/** Hands bytes to the person as a downloaded file. */
export type Download = (bytes: Uint8Array, fileName: string) => void;

/** Reads a file the person picked or dropped. */
export type ReadFile = (file: File) => Promise<ArrayBuffer>;
