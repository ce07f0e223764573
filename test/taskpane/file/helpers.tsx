/**
 * File mode rendered with the real .xlsx host, an in-memory "download" and files whose
 * bytes the test holds, with the helpers a person's steps need.
 */
import "../setup";
import { Button, webLightTheme } from "@fluentui/react-components";
import type { ReactElement } from "react";
import { configure, fireEvent, render, screen, waitFor, within } from "@testing-library/react";
import { FileMode } from "../../../src/taskpane/file/FileMode";
import type { FileHost } from "../../../src/taskpane/file/types";
import { xlsxFileHost } from "../../../src/taskpane/file/xlsxHost";
import { named } from "../pane";

// Role queries skip jsdom's slow computed-style visibility check; every name asked for here is unique.
configure({ defaultHidden: true });

/** Files the test "picks": jsdom's File cannot hand back its bytes, so the test keeps them. */
const contents = new Map<File, ArrayBuffer>();

export function fileOf(name: string, bytes: Uint8Array): File {
  const file = new File([new Uint8Array(bytes)], name);
  contents.set(file, new Uint8Array(bytes).buffer);
  return file;
}

export function forgetFiles(): void {
  contents.clear();
}

async function readFile(file: File): Promise<ArrayBuffer> {
  const bytes = contents.get(file);
  if (bytes === undefined) throw new Error(`test file ${file.name} has no bytes`);
  return bytes;
}

export interface Saved {
  readonly bytes: Uint8Array;
  readonly name: string;
}

/** Renders file mode; the returned list collects every file "downloaded". */
export function renderFileMode(host: FileHost = xlsxFileHost): Saved[] {
  const saved: Saved[] = [];
  render(<FileMode host={host} download={(bytes, name) => saved.push({ bytes, name })} readFile={readFile} theme={webLightTheme} />);
  return saved;
}

export function toolbarButton(name: string): HTMLElement {
  const toolbar = screen.getAllByRole("toolbar").find((t) => t.getAttribute("aria-label") === "File");
  if (toolbar === undefined) throw new Error("no File toolbar");
  return named("button", name, toolbar);
}

/** The file status line: "sefton-2020-21.xlsx — saved". */
export function fileStatus(): string {
  // Found by a plain query: role queries over the whole pane are slow in jsdom, and this one is polled.
  const lines = Array.from(document.querySelectorAll('header [role="status"]'));
  const line = lines.find((s) => /—|No file open|…/.test(s.textContent ?? ""));
  return line?.textContent ?? "";
}

export async function idle(): Promise<void> {
  await waitFor(() => expect(fileStatus()).toMatch(/ — (saved|not saved yet|unsaved changes)$/), { timeout: 20_000 });
  await waitFor(() => expect(screen.queryByText("Reading the workbook…")).toBeNull());
}

export async function openExample(): Promise<void> {
  fireEvent.click(toolbarButton("Open the example"));
  await idle();
  await screen.findAllByRole("article");
}

export function beforeUnloadPrevented(): boolean {
  const event = new Event("beforeunload", { cancelable: true });
  window.dispatchEvent(event);
  return event.defaultPrevented;
}

export async function editAllocation(lineId: string, amount: string): Promise<void> {
  fireEvent.click(named("tab", "Allocate"));
  fireEvent.change(screen.getByLabelText(new RegExp(`^Allocation for ${lineId},`)), { target: { value: amount } });
  fireEvent.click(named("button", "Save allocations"));
  // Reading and writing the whole file again: as long as opening it may take on a busy machine (idle above).
  await waitFor(() => expect(screen.getByText("Save allocations: done")).toBeTruthy(), { timeout: 20_000 });
}

/** True when the button has every style class that sets a primary button apart from a plain one. */
export function isPrimary(button: HTMLElement): boolean {
  const plain = classesOf(<Button>x</Button>);
  const only = [...classesOf(<Button appearance="primary">x</Button>)].filter((c) => !plain.has(c));
  return only.length > 0 && only.every((c) => button.classList.contains(c));
}

function classesOf(element: ReactElement): Set<string> {
  const { container, unmount } = render(element, { container: document.createElement("div") });
  const classes = new Set(container.firstElementChild?.classList);
  unmount();
  return classes;
}

export { fireEvent, screen, waitFor, within };
