/**
 * How much of a file the plan reader will take on. Every bound is checked before the work
 * it bounds (sizes from the zip directory before unpacking, text lengths before decoding),
 * and every breach is a plain sentence, never an out-of-memory abort.
 */
export interface ReadLimits {
  /** The .xlsx file itself. */
  maxFileBytes: number;
  /** One part (a sheet's XML, the shared strings) once unpacked. */
  maxPartBytes: number;
  /** All the parts the reader unpacks, together. */
  maxTotalInflatedBytes: number;
  /** Cells kept from the plan's tables, the rows under them and the settings sheet, together. */
  maxCells: number;
  /** The longest text a cell the plan reads may hold: 32,767 characters, Excel's own limit. */
  maxTextLength: number;
}

const MB = 1024 * 1024;

/**
 * A 50,000-line plan with four measures a line is about 2.2 million table cells and 110 MB
 * of unpacked XML (10 MB packed); these bounds leave room for more than twice that.
 */
export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 256 * MB,
  maxPartBytes: 512 * MB,
  maxTotalInflatedBytes: 1024 * MB,
  maxCells: 6_000_000,
  maxTextLength: 32_767,
};

const COUNT = new Intl.NumberFormat("en-GB");

/** "1,048,576" */
export function count(n: number): string {
  return COUNT.format(n);
}

/** "512 MB", "1.5 KB": sizes for people. */
export function size(bytes: number): string {
  if (bytes >= MB) return `${count(Math.round((bytes / MB) * 10) / 10)} MB`;
  if (bytes >= 1024) return `${count(Math.round((bytes / 1024) * 10) / 10)} KB`;
  return `${count(bytes)} bytes`;
}
