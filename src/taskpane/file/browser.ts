/** The browser's side of file mode: handing a saved file to the person, and reading the one they chose. */
import type { Download, ReadFile } from "./types";

export const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Downloads the bytes under `fileName` through a temporary `<a download>` link. */
export const downloadFile: Download = (bytes, fileName) => downloadBytes(bytes, fileName, XLSX_TYPE);

/** Downloads bytes of any type (an .xlsx file, a CSV) under `fileName`. */
export function downloadBytes(bytes: Uint8Array, fileName: string, type: string): void {
  // A private copy: a Blob takes bytes backed by a plain ArrayBuffer.
  const blob = new Blob([new Uint8Array(bytes)], { type });
  const url = URL.createObjectURL(blob);
  const link = document.createElement("a");
  link.href = url;
  link.download = fileName;
  link.rel = "noopener";
  link.style.display = "none";
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has started the download by now; the address is freed a little later for slow ones.
  window.setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export const readFileBytes: ReadFile = (file) => file.arrayBuffer();
