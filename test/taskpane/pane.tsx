/** Renders the pane on a memory workbook and finds things the way a person would. */
import { webLightTheme } from "@fluentui/react-components";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../../src/taskpane/App";
import type { WorkbookPort } from "../../src/workbook/port";

/** Renders the pane and waits for the first read to finish. */
export async function renderPane(workbook: WorkbookPort): Promise<void> {
  render(<App port={workbook} theme={webLightTheme} />);
  await waitFor(() => expect(screen.queryByText("Reading the workbook…")).toBeNull());
}

export function openTab(name: string): void {
  fireEvent.click(screen.getByRole("tab", { name }));
}

export function type(element: HTMLElement, text: string): void {
  fireEvent.change(element, { target: { value: text } });
}

export function button(name: string | RegExp): HTMLElement {
  return screen.getByRole("button", { name });
}

export function click(element: HTMLElement): void {
  fireEvent.click(element);
}

/** Waits until the pane is idle again after an action. */
export async function settled(): Promise<void> {
  await waitFor(() => expect(screen.queryByText(/…$/)).toBeNull());
}

export function allocationInput(lineId: string): HTMLElement {
  return screen.getByLabelText(new RegExp(`^Allocation for ${lineId},`));
}

export { screen, within, waitFor, fireEvent };
