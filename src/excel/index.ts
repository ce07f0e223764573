/**
 * The Excel host as the task pane gets it: `ExcelWorkbook` wired to the real `Excel.run`
 * and to Office's runtime check of requirement sets.
 */
import type { ExcelRun, RequirementCheck } from "./excelApi";
import { ExcelWorkbook, type ExcelWorkbookOptions } from "./excelWorkbook";

export { ExcelWorkbook, type ExcelWorkbookOptions } from "./excelWorkbook";
export type { ExcelContext, ExcelRun, RequirementCheck } from "./excelApi";

/** Runs a batch in Excel. Passing Excel's own context as `ExcelContext` lets the compiler check the narrow interfaces. */
export const excelRun: ExcelRun = (batch, options) => Excel.run(options, (context) => batch(context));

export const officeRequirements: RequirementCheck = (name, minVersion) => Office.context.requirements.isSetSupported(name, minVersion);

export function excelHost(options: Omit<ExcelWorkbookOptions, "isSetSupported"> = {}): ExcelWorkbook {
  return new ExcelWorkbook(excelRun, { ...options, isSetSupported: officeRequirements, createWorkbook: (base64) => Excel.createWorkbook(base64) });
}
