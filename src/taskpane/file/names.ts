/** How file mode words a host's reasons and names the files it saves. */

/** "Not an .xlsx file (it is not a zip archive)." from the host's one-line reason. */
export function sentence(reason: string): string {
  const trimmed = reason.trim();
  if (trimmed === "") return "No reason was given.";
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capitalised) ? capitalised : `${capitalised}.`;
}

/** The name a file is saved under: always an .xlsx name, since that is what is written. */
export function saveName(name: string): string {
  const trimmed = name.trim() === "" ? "grant-plan" : name.trim();
  if (/\.xlsx$/i.test(trimmed)) return trimmed;
  return `${trimmed.replace(/\.[A-Za-z0-9]{1,5}$/, "")}.xlsx`;
}
