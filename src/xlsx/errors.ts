/** The file could not be opened as an .xlsx workbook; `reason` (and `message`) is one line for a person. */
export class XlsxReadError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = "XlsxReadError";
  }
}
