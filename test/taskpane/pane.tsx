/** Renders the pane on a memory workbook and finds things the way a person would. */
import { webLightTheme } from "@fluentui/react-components";
import { act, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { App } from "../../src/taskpane/App";
import { preloadParts } from "../../src/taskpane/parts";
import type { WorkbookPort } from "../../src/workbook/port";

/** Renders the pane and waits for the first read to finish and for the parts it shows or fetches ahead (src/taskpane/parts.tsx) to arrive. */
export async function renderPane(workbook: WorkbookPort): Promise<void> {
  render(<App port={workbook} theme={webLightTheme} />);
  await waitFor(() => expect(screen.queryByText("Reading the workbook…")).toBeNull());
  await waitFor(() => expect(screen.queryByText(/^Loading .*…$/)).toBeNull());
  await act(() => preloadParts());
}

/**
 * The element of `role` whose name is `name`, for plain controls whose name is their
 * aria-label or their text. Cheaper than `getByRole(role, { name })`, which works out the
 * full accessible name (and every descendant's computed style) of every candidate; the
 * pane's buttons and tabs are named by their text, so both find the same element.
 */
export function named(role: string, name: string | RegExp, container: HTMLElement = document.body): HTMLElement {
  const found = within(container)
    .getAllByRole(role)
    .filter((el) => {
      const label = el.getAttribute("aria-label") ?? spokenText(el).trim();
      return typeof name === "string" ? label === name : name.test(label);
    });
  const [only] = found;
  // Anything less plain (a name from aria-labelledby, say) goes to the full computation.
  if (only === undefined || found.length > 1) return within(container).getByRole(role, { name });
  return only;
}

/** The text of an element without the parts hidden from screen readers (Fluent's tabs repeat their label, hidden, to reserve space). */
function spokenText(node: Node): string {
  if (node instanceof Element && node.getAttribute("aria-hidden") === "true") return "";
  if (node.nodeType === Node.TEXT_NODE) return node.textContent ?? "";
  return Array.from(node.childNodes, spokenText).join("");
}

export function openTab(name: string): void {
  fireEvent.click(named("tab", name));
}

export function type(element: HTMLElement, text: string): void {
  fireEvent.change(element, { target: { value: text } });
}

export function button(name: string | RegExp): HTMLElement {
  return named("button", name);
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
