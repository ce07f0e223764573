/**
 * The .xlsx host as file mode uses it: new plans built in memory, files opened from
 * their bytes, and the bytes handed back for saving. This module pulls in exceljs, so
 * the pane only ever reaches it through a dynamic `import()` (see ./pane.tsx).
 */
import { setupChanges } from "../../plan/actions";
import { BLANK, EXAMPLES } from "../../plan/examples";
import type { PlanData } from "../../plan/template";
import { type CellValue, isCellError, isUncalculated } from "../../plan/cell";
import { formatGBP, money } from "../../plan/money";
import { XlsxWorkbook } from "../../xlsx/xlsxWorkbook";
import { CREATED_BY, EXAMPLE_NAME } from "../actionNames";
import { todayIso } from "../format";
import type { FileHost, PlanFile } from "./types";

export const BLANK_FILE_NAME = "grant-plan.xlsx";
export const EXAMPLE_FILE_NAME = `${EXAMPLE_NAME}.xlsx`;

const NUMBER = new Intl.NumberFormat("en-GB", { maximumFractionDigits: 10 });

/** A cell's value the way a person reads it: money in pounds when the cell is formatted so. */
function shownValue(workbook: XlsxWorkbook, sheetName: string, address: string): string | null {
  if (!/^[A-Za-z]{1,3}[1-9][0-9]{0,6}$/.test(address)) return null;
  const cell = workbook.shownCell(sheetName, address);
  return cell === null ? null : shownText(cell.value, cell.numberFormat ?? "");
}

function shownText(value: CellValue, format: string): string {
  if (value === null || value === "") return "blank";
  if (isCellError(value)) return value.error;
  if (typeof value === "boolean") return value ? "TRUE" : "FALSE";
  if (typeof value === "string") return `“${value}”`;
  if (isUncalculated(value)) return `a formula (=${value.uncalculated}) with no calculated result`;
  return format.includes("£") ? formatGBP(money(value)) : NUMBER.format(value);
}

function planFile(name: string, workbook: XlsxWorkbook): PlanFile {
  return {
    name,
    port: workbook,
    bytes: () => workbook.toBuffer(),
    shownValue: (sheet, cell) => shownValue(workbook, sheet, cell),
    cutOnSave: () => workbook.cutOnSave(),
  };
}

/** A new workbook set up with the plan data, through the same setup action the pane offers. */
async function newPlan(data: PlanData, template: string): Promise<XlsxWorkbook> {
  const workbook = XlsxWorkbook.empty();
  const setup = setupChanges(await workbook.read(), data, template, CREATED_BY, { today: todayIso() });
  if (setup.findings.length > 0) throw new Error(setup.findings.map((f) => f.message).join(" "));
  const outcome = await workbook.apply(setup.changes);
  if (!outcome.ok) throw new Error(outcome.message);
  return workbook;
}

export const xlsxFileHost: FileHost = {
  async blankPlan() {
    return planFile(BLANK_FILE_NAME, await newPlan(BLANK.data, BLANK.name));
  },
  async examplePlan() {
    const example = EXAMPLES[EXAMPLE_NAME];
    if (example === undefined) throw new Error("The example plan is missing from this version of Grant Planner.");
    return planFile(EXAMPLE_FILE_NAME, await newPlan(example.data, EXAMPLE_NAME));
  },
  async open(name, bytes) {
    return planFile(name, await XlsxWorkbook.fromBuffer(bytes));
  },
};
