/**
 * What an .xlsx file holds that Grant Planner's .xlsx host does not write back: charts,
 * pivot tables, slicers, threaded comments, pictures or shapes, form controls, macros and
 * external links. Saving such a file from file mode writes a copy without them, so the
 * pane says so when the file opens.
 *
 * An .xlsx file is a zip archive; its central directory lists every part by name,
 * uncompressed. Only those names are read (the parts themselves stay packed), so a part
 * whose text merely mentions "xl/charts/" is never taken for a chart.
 */
import { normalisePartName, zipEntries } from "./zip";

/** One kind of content, in the words the pane shows, and the part names that carry it. */
interface Kind {
  readonly words: string;
  /** Lower-case part-name prefixes (no leading slash). */
  readonly prefixes: readonly string[];
  /** Parts under a prefix that are not this kind after all. */
  readonly except?: RegExp;
}

const KINDS: readonly Kind[] = [
  { words: "charts", prefixes: ["xl/charts/", "xl/chartsheets/"] },
  { words: "pivot tables", prefixes: ["xl/pivottables/", "xl/pivotcache/"] },
  { words: "slicers", prefixes: ["xl/slicers/", "xl/slicercaches/"] },
  { words: "timelines", prefixes: ["xl/timelines/", "xl/timelinecaches/"] },
  { words: "threaded comments", prefixes: ["xl/threadedcomments/"] },
  // Cell notes are drawn by VML parts in the same folder, and those are written back.
  { words: "pictures or shapes", prefixes: ["xl/drawings/"], except: /^xl\/drawings\/(?:_rels\/)?vmldrawing[^/]*$/ },
  { words: "form controls", prefixes: ["xl/ctrlprops/", "xl/activex/"] },
  { words: "macros", prefixes: ["xl/vbaproject.bin", "xl/macrosheets/", "xl/dialogsheets/"] },
  { words: "external links", prefixes: ["xl/externallinks/"] },
  // Cell metadata and rich values (data types, pictures in cells). Sensitivity labels,
  // custom XML and data connections are put back on save (src/xlsx/package.ts), so they
  // are not named here.
  { words: "cell metadata or data types", prefixes: ["xl/metadata.xml", "xl/richdata/"] },
];

/**
 * The kinds of content in an .xlsx file that saving it again would drop, in words a person
 * understands ("charts", "pivot tables", "macros"), in a fixed order; empty when there are
 * none or the bytes are not a zip archive.
 */
export function unkeptParts(bytes: Uint8Array): string[] {
  // Some writers (exceljs among them) list folders too ("xl/drawings/"); a folder holds nothing by itself.
  const names = (zipEntries(bytes) ?? [])
    .map((entry) => normalisePartName(entry.name))
    .filter((name) => !name.endsWith("/"));
  return KINDS.filter((kind) =>
    names.some((name) => kind.prefixes.some((prefix) => name.startsWith(prefix)) && (kind.except === undefined || !kind.except.test(name))),
  ).map((kind) => kind.words);
}

/** "charts", "charts and macros", "charts, slicers and macros". */
export function listInWords(words: readonly string[]): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} and ${words[words.length - 1] ?? ""}`;
}
