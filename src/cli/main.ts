/**
 * The `grant-planner` command line. `main` takes the arguments after the program name and
 * the outside world (io) and resolves to the exit code, so tests run it in-process.
 *
 * Exit codes: 0 done (check, progress, summary: no errors; upgrade: upgraded or already up to date);
 * 1 check, progress or summary found errors, or init, upgrade or summary refused or could not write; 2 the
 * command was used wrongly, or the file cannot be read as a plan.
 * Every problem is one line on stderr starting "grant-planner: ", never a stack trace.
 */
import { resolve as resolvePath } from "node:path";
import { version as packageVersion } from "../../package.json";
import { setupChanges } from "../plan/actions";
import { checkWorkbook } from "../plan/checks";
import { EXAMPLES, exampleNames } from "../plan/examples";
import { type Finding, hasErrors } from "../plan/findings";
import type { Plan } from "../plan/model";
import type { IsoDate, Quarter } from "../plan/periods";
import { upgradeChanges } from "../plan/returns/upgrade";
import { PROGRESS_SHEET, progressRowsChanges } from "../plan/returns/linked";
import { asAtFor, formatAsAt, parseAsAt, progressOf } from "../plan/returns/progress";
import { RETURN_TABLES, RETURNS_SCHEMA_VERSION } from "../plan/schema";
import { summarise } from "../plan/summary";
import { BLANK_PLAN, type PlanData } from "../plan/template";
import { quoteText, visibleText } from "../plan/text";
import type { RawWorkbook } from "../plan/raw";
import { listInWords, unkeptParts } from "../xlsx/contents";
import { XlsxReadError, XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { DEFAULT_LIMITS, readPlanPackage } from "../xlsx/read";
import { size } from "../xlsx/read/limits";
import { nodeInflater } from "../xlsx/read/nodeInflate";
import { type CliIo, type FileRead, fileProblem } from "./io";
import { progressJson, progressReport } from "./progress";
import { buildSummary, exportLayout, markingOf } from "../plan/boardpack/sheet";
import { summaryWorkbook } from "../xlsx/summaryWorkbook";
import { summaryCsvBytes } from "../plan/boardpack/csv";
import { checkJson, checkReport, findingsLines } from "./report";

export type { CliIo } from "./io";

export const VERSION: string = packageVersion;

export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

export const USAGE = `Usage:
  grant-planner init <file.xlsx> [--example <name>] [--force]
  grant-planner check <file.xlsx> [--as-at 2020/21-Q2] [--json]
  grant-planner progress <file.xlsx> [--as-at 2020/21-Q2] [--json]
  grant-planner upgrade <file.xlsx> [-o <upgraded.xlsx>] [--force]
  grant-planner summary <file.xlsx> -o <summary.xlsx> [--csv <summary.csv>] [--as-at 2020/21-Q2] [--grant ID] [--force]
  grant-planner --help | --version

Commands:
  init      Write a new plan workbook: blank, or one of the examples (${exampleNames().join(", ")}).
            Refuses to replace an existing file unless --force is given.
  check     Read a plan and check it: every award allocated to the penny, lines, measures,
            priority areas, quarterly returns. Prints a report, or JSON with --json.
  progress  Read a plan and show its quarterly returns as at a quarter: per grant and line,
            spend against profile and allocation, returns missing; per measure, actual
            against target to date; then the same findings as check. JSON with --json.
  upgrade   Upgrade a version-1 plan (from before quarterly returns) to version 2: adds the
            sheets of quarterly returns and the live "Progress" sheet and sets "Schema
            version" to 2; nothing typed in the plan changes or moves. A version-2 plan is
            brought up to date: its "Progress" sheet is added if it has none, or rows are
            added there for lines and measures it does not show yet. Replaces the file, or
            writes the result to -o (which must not exist yet, unless --force is given).
  summary   Write the board summary as at a quarter (of one grant with --grant) to a new
            workbook -o with one "Summary" sheet of values, and as CSV with --csv; neither
            file may exist yet, unless --force is given. Exit codes as check.

Options of check, progress and summary:
  --as-at 2020/21-Q2  the quarter that figures and checks are "to date" at; without it, the
                      plan's "Returns as at" setting, else the last quarter that has ended
  --json              (check, progress) print JSON for scripts instead of the report

Exit codes:
  0  done; check, progress or summary found no errors (warnings and information may remain);
     upgrade upgraded the plan, or it was already up to date
  1  check, progress or summary found at least one error (summary still writes its files);
     init, upgrade or summary refused (nothing written) or could not write the file
  2  wrong usage, or the file cannot be read as a Grant Planner plan
`;

/** One line on stderr for the person: what went wrong, never a stack trace. */
class CliProblem extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}

interface Parsed {
  readonly positionals: string[];
  readonly flags: Set<string>;
  readonly values: Map<string, string>;
}

/** Parses `--flag`, `--name value` and `--name=value`; anything unknown is a usage problem. */
function parseOptions(args: readonly string[], flags: readonly string[], values: readonly string[], command: string): Parsed {
  const parsed: Parsed = { positionals: [], flags: new Set(), values: new Map() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i] ?? "";
    if (arg === "--") {
      parsed.positionals.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      parsed.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq >= 0 ? arg.slice(0, eq) : arg;
    if (flags.includes(name)) {
      if (eq >= 0) throw new CliProblem(`${name} takes no value`, EXIT.usage);
      parsed.flags.add(name);
    } else if (values.includes(name)) {
      const value = eq >= 0 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === "") throw new CliProblem(`${name} needs a value`, EXIT.usage);
      parsed.values.set(name, value);
    } else {
      throw new CliProblem(`unknown option ${name} for ${command} (see grant-planner --help)`, EXIT.usage);
    }
  }
  return parsed;
}

function oneFile(parsed: Parsed, command: string): string {
  if (parsed.positionals.length === 0) throw new CliProblem(`${command} needs the name of an .xlsx file, e.g. grant-planner ${command} plan.xlsx`, EXIT.usage);
  if (parsed.positionals.length > 1) throw new CliProblem(`${command} takes one file, not ${parsed.positionals.length}`, EXIT.usage);
  return parsed.positionals[0] ?? "";
}

function plural(n: number, one: string): string {
  return `${n} ${one}${n === 1 ? "" : "s"}`;
}

async function init(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, ["--force", "--help"], ["--example"], "init");
  if (parsed.flags.has("--help")) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const file = oneFile(parsed, "init");
  if (!/\.xlsx$/i.test(file)) throw new CliProblem(`${file}: the file name must end in .xlsx so that Excel opens it`, EXIT.usage);
  const exampleName = parsed.values.get("--example");
  let data: PlanData = BLANK_PLAN;
  let template = "blank";
  let title = "a blank plan";
  if (exampleName !== undefined) {
    const example = EXAMPLES[exampleName];
    if (!example) throw new CliProblem(`there is no example called "${exampleName}"; the examples are: ${exampleNames().join(", ")}`, EXIT.usage);
    data = example.data;
    template = exampleName;
    title = `the example ${exampleName} (${example.title})`;
  }
  if ((await io.exists(file)) && !parsed.flags.has("--force")) {
    throw new CliProblem(`${file} already exists, so nothing was written; use --force to replace it`, EXIT.problem);
  }

  const wb = XlsxWorkbook.empty(READ_OPTIONS);
  const setup = setupChanges(await wb.read(), data, template, `grant-planner ${VERSION}`, { today: io.today() });
  if (setup.findings.length > 0) throw new CliProblem(setup.findings.map((f) => f.message).join(" "), EXIT.problem);
  const outcome = await wb.apply(setup.changes);
  if (!outcome.ok) throw new CliProblem(`could not build the plan: ${outcome.message}`, EXIT.problem);
  const bytes = await wb.toBuffer();
  try {
    await io.writeFile(file, bytes);
  } catch (error) {
    throw new CliProblem(`could not write ${file}: ${fileProblem(error)}; nothing was written`, EXIT.problem);
  }
  io.stdout(
    `Created ${file} with ${title}: ${plural(data.grants.length, "grant")}, ${plural(data.lines.length, "line")}, ${plural(data.measures.length, "measure")}.\n` +
      `Open it in Excel, or check it with: grant-planner check ${file}\n`,
  );
  return EXIT.ok;
}

/** The plan reader on Node's own zlib, with its usual bounds. */
const READ_OPTIONS = { inflate: nodeInflater(), limits: DEFAULT_LIMITS };

/**
 * The bytes of the file to check: a regular file of at most the reader's maximum size.
 * A folder, a device such as /dev/zero or a pipe is refused without reading from it, and
 * a larger file after reading at most one byte past the limit.
 */
async function readPlanFile(file: string, io: CliIo): Promise<Uint8Array> {
  let read: FileRead;
  try {
    read = await io.readFile(file, READ_OPTIONS.limits.maxFileBytes);
  } catch (error) {
    throw new CliProblem(`cannot read ${file}: ${fileProblem(error)}`, EXIT.usage);
  }
  switch (read.kind) {
    case "bytes":
      return read.bytes;
    case "missing":
      throw new CliProblem(`cannot read ${file}: there is no such file`, EXIT.usage);
    case "not-a-file":
      throw new CliProblem(`cannot read ${file}: it is ${read.what}, not a regular file`, EXIT.usage);
    case "too-large":
      throw new CliProblem(
        `cannot read ${file}: the file is ${size(read.size)}; Grant Planner reads plans of up to ${size(READ_OPTIONS.limits.maxFileBytes)}`,
        EXIT.usage,
      );
  }
}

/**
 * The plan in a file, read straight from its bytes: nothing else holds them, so they can
 * be let go of as soon as the reader is done, before the plan is decoded and checked (on a
 * 50,000-line plan the file is 9 MB; a workbook object would keep it, and a copy, alive).
 */
async function readPlan(file: string, io: CliIo): Promise<RawWorkbook> {
  return readPlanPackage(await readPlanFile(file, io), READ_OPTIONS);
}

/** What `check` and `progress` both start from: the plan read from the file and checked. */
interface CheckedPlan {
  readonly file: string;
  readonly json: boolean;
  readonly plan: Plan;
  readonly findings: readonly Finding[];
  /** The --as-at quarter; null when it was not given. */
  readonly given: Quarter | null;
  readonly today: IsoDate;
  /** The options as given. */
  readonly parsed: Parsed;
  /** The plan's settings sheet; null when it has none. */
  readonly settings: RawWorkbook["meta"];
}

/** The quarter of --as-at; null when it is not given. A value that is not a quarter is a usage problem. */
function asAtOption(parsed: Parsed): Quarter | null {
  const text = parsed.values.get("--as-at");
  if (text === undefined) return null;
  const quarter = parseAsAt(text);
  if (quarter === null) {
    throw new CliProblem(`--as-at "${visibleText(quoteText(text))}" is not a quarter; write the financial year and the quarter, e.g. --as-at 2020/21-Q2`, EXIT.usage);
  }
  return quarter;
}

/**
 * Reads a plan from the file named in `args` and checks it as at the --as-at quarter (or
 * the plan's own setting, or the last quarter that has ended); null after printing the
 * usage for --help. Both commands that read a plan go through here, so they take the same
 * options and fail in the same ways.
 */
async function readChecked(
  command: "check" | "progress" | "summary",
  args: readonly string[],
  io: CliIo,
  more: { readonly flags: readonly string[]; readonly values: readonly string[] } = { flags: ["--json"], values: [] },
): Promise<CheckedPlan | null> {
  const parsed = parseOptions(args, [...more.flags, "--help"], [...more.values, "--as-at"], command);
  if (parsed.flags.has("--help")) {
    io.stdout(USAGE);
    return null;
  }
  const file = oneFile(parsed, command);
  const given = asAtOption(parsed);
  const today = io.today();
  let result: ReturnType<typeof checkWorkbook>;
  let settings: RawWorkbook["meta"] = null;
  try {
    const raw = await readPlan(file, io);
    settings = raw.meta;
    result = checkWorkbook(raw, given === null ? { today } : { asAt: given, today });
  } catch (error) {
    if (error instanceof CliProblem) throw error;
    if (error instanceof XlsxReadError) throw new CliProblem(`cannot read ${file}: ${error.reason}`, EXIT.usage);
    throw new CliProblem(`cannot read ${file} as a plan: ${firstLine(error)}`, EXIT.usage);
  }
  if (result.status !== "plan") throw new CliProblem(`${file} is not a Grant Planner plan: ${result.reason}`, EXIT.usage);
  return { file, json: parsed.flags.has("--json"), plan: result.plan, findings: result.findings, given, today, parsed, settings };
}

/** The exit code of a command that checked a plan: 1 when a finding is an error. */
function checkedExit(findings: readonly Finding[]): number {
  return hasErrors(findings) ? EXIT.problem : EXIT.ok;
}

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const checked = await readChecked("check", args, io);
  if (checked === null) return EXIT.ok;
  const { file, plan, findings } = checked;
  const grants = summarise(plan);
  if (checked.json) {
    writeJson(checkJson(file, grants, findings), io.stdout);
  } else {
    io.stdout(checkReport(file, grants, findings));
  }
  return checkedExit(findings);
}

async function progress(args: readonly string[], io: CliIo): Promise<number> {
  const checked = await readChecked("progress", args, io);
  if (checked === null) return EXIT.ok;
  const { file, plan, findings } = checked;
  const figures = progressOf(plan, asAtFor(plan, checked.given, checked.today));
  if (checked.json) {
    writeJson(progressJson(file, figures, findings), io.stdout);
  } else {
    io.stdout(progressReport(file, figures, findings, plan));
  }
  return checkedExit(findings);
}

/** The sheets upgrading adds, once each, in the order it adds them. */
const UPGRADE_SHEETS: readonly string[] = [...new Set(RETURN_TABLES.map((t) => t.sheet))];

/** The workbook in a file, opened with the .xlsx host (which writes it again); unreadable is a usage problem. */
async function openWorkbook(file: string, bytes: Uint8Array): Promise<XlsxWorkbook> {
  try {
    return await XlsxWorkbook.fromBuffer(bytes, READ_OPTIONS);
  } catch (error) {
    if (error instanceof XlsxReadError) throw new CliProblem(`cannot read ${file}: ${error.reason}`, EXIT.usage);
    throw new CliProblem(`cannot read ${file} as a plan: ${firstLine(error)}`, EXIT.usage);
  }
}

/** Whether two names lead to the same file as far as the names tell (a link is not followed). */
function sameFileName(a: string, b: string): boolean {
  return resolvePath(a) === resolvePath(b);
}

/**
 * Upgrades a version-1 plan to version 2 with the core's upgrade (a version-2 plan: adds its
 * Progress sheet or the rows missing there), written by the .xlsx
 * host: the file is replaced whole or not at all (or the result goes to -o). The upgraded
 * bytes are read back as a plan before anything is written.
 */
async function upgrade(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, ["--force", "--help"], ["-o", "--output"], "upgrade");
  if (parsed.flags.has("--help")) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const file = oneFile(parsed, "upgrade");
  const named = [parsed.values.get("-o"), parsed.values.get("--output")].filter((v) => v !== undefined);
  if (named.length > 1) throw new CliProblem("give -o or --output, not both", EXIT.usage);
  const output = named[0] ?? file;
  const inPlace = sameFileName(output, file);
  if (!inPlace && !/\.xlsx$/i.test(output)) throw new CliProblem(`${output}: the file name must end in .xlsx so that Excel opens it`, EXIT.usage);

  const bytes = await readPlanFile(file, io);
  const unkept = unkeptParts(bytes);
  const wb = await openWorkbook(file, bytes);
  let raw: RawWorkbook;
  try {
    raw = await wb.read();
  } catch (error) {
    throw new CliProblem(`cannot read ${file} as a plan: ${firstLine(error)}`, EXIT.usage);
  }
  const result = checkWorkbook(raw);
  if (result.status !== "plan") throw new CliProblem(`${file} is not a Grant Planner plan: ${result.reason}`, EXIT.usage);
  const { plan } = result;
  const already = plan.schemaVersion >= RETURNS_SCHEMA_VERSION;
  // A version-2 plan is brought up to date: its Progress sheet added, or rows added there for new lines and measures.
  const upgraded = already ? progressRowsChanges(raw, plan, { today: io.today() }) : upgradeChanges(raw, plan, `grant-planner ${VERSION}`, { today: io.today() });
  if (hasErrors(upgraded.findings)) {
    io.stdout([`Grant Planner upgrade of ${visibleText(file)}: not upgraded, nothing was written.`, "", ...findingsLines(upgraded.findings)].join("\n") + "\n");
    return EXIT.problem;
  }
  if (upgraded.changes.length === 0) {
    io.stdout(`${visibleText(file)} is already a version ${plan.schemaVersion} plan, with quarterly returns and an up-to-date "${PROGRESS_SHEET}" sheet; nothing was written.\n`);
    return EXIT.ok;
  }
  const addsProgress = upgraded.changes.some((c) => c.kind === "createSheet" && c.sheet === PROGRESS_SHEET);
  const addedRows = upgraded.changes.reduce((n, c) => n + (c.kind === "appendRows" ? c.rows.length : 0), 0);
  // Writing the file again through the .xlsx host would drop what it cannot keep: never in place.
  if (unkept.length > 0 && inPlace) {
    throw new CliProblem(
      `${file} has ${listInWords(unkept)}, which Grant Planner cannot write back, so it was not upgraded in place and nothing was written; upgrade a copy with -o <upgraded.xlsx> (it will not have them), or upgrade the plan from the task pane in Excel`,
      EXIT.problem,
    );
  }
  if (!inPlace && !parsed.flags.has("--force") && (await io.exists(output))) {
    throw new CliProblem(`${output} already exists, so nothing was written; use --force to replace it`, EXIT.problem);
  }
  const outcome = await wb.apply(upgraded.changes);
  if (!outcome.ok) throw new CliProblem(`could not upgrade ${file}: ${outcome.message}; nothing was written`, EXIT.problem);
  const out = await wb.toBuffer();
  // The bytes about to be written, read back: a version-2 plan, or nothing is written.
  const check = checkWorkbook(await readPlanPackage(out, READ_OPTIONS));
  if (check.status !== "plan" || check.plan.schemaVersion !== RETURNS_SCHEMA_VERSION) {
    throw new CliProblem(`could not upgrade ${file}: the upgraded workbook did not read back as a version ${RETURNS_SCHEMA_VERSION} plan; nothing was written`, EXIT.problem);
  }
  try {
    await io.writeFile(output, out);
  } catch (error) {
    throw new CliProblem(`could not write ${output}: ${fileProblem(error)}; nothing was written`, EXIT.problem);
  }
  const notes = [
    ...(unkept.length > 0 ? [`The upgraded copy does not have the ${listInWords(unkept)} of ${file}; keep the original as well.`] : []),
    ...wb.cutOnSave(),
  ];
  io.stdout(
    [
      already
        ? `Brought ${visibleText(file)} up to date${inPlace ? "" : `, written to ${visibleText(output)}`}: ${addsProgress ? `added the "${PROGRESS_SHEET}" sheet` : `added ${plural(addedRows, "row")} to the "${PROGRESS_SHEET}" sheet for lines and measures it did not show`}; nothing typed in the plan changed.`
        : `Upgraded ${visibleText(file)} to a version ${RETURNS_SCHEMA_VERSION} plan${inPlace ? "" : `, written to ${visibleText(output)}`}: added the sheets ${listInWords([...UPGRADE_SHEETS, ...(addsProgress ? [PROGRESS_SHEET] : [])].map((s) => `"${s}"`))} for quarterly returns; nothing typed in the plan changed.`,
      ...upgraded.findings.map((f) => visibleText(f.message)),
      ...notes.map(visibleText),
      `Record returns in Excel, or see progress with: grant-planner progress ${visibleText(output)}`,
    ].join("\n") + "\n",
  );
  return EXIT.ok;
}

/**
 * `grant-planner summary`: the board summary (docs/summary.md) as at a quarter, of one grant
 * with --grant, to a new workbook (-o) and to CSV (--csv); read and checked as `check` is.
 */
async function summary(args: readonly string[], io: CliIo): Promise<number> {
  const checked = await readChecked("summary", args, io, { flags: ["--force"], values: ["-o", "--output", "--csv", "--grant"] });
  if (checked === null) return EXIT.ok;
  const { file, plan, findings, parsed } = checked;
  const named = [parsed.values.get("-o"), parsed.values.get("--output")].filter((v) => v !== undefined);
  if (named.length > 1) throw new CliProblem("give -o or --output, not both", EXIT.usage);
  const output = named[0];
  if (output === undefined) throw new CliProblem(`summary needs the workbook to write, e.g. grant-planner summary ${file} -o summary.xlsx`, EXIT.usage);
  if (!/\.xlsx$/i.test(output)) throw new CliProblem(`${output}: the file name must end in .xlsx so that Excel opens it`, EXIT.usage);
  const csv = parsed.values.get("--csv");
  for (const out of [output, ...(csv === undefined ? [] : [csv])]) {
    if (sameFileName(out, file)) throw new CliProblem(`${out} is the plan itself; write the summary to another file`, EXIT.usage);
  }
  if (csv !== undefined && sameFileName(csv, output)) throw new CliProblem("-o and --csv name the same file", EXIT.usage);
  const grantId = parsed.values.get("--grant");
  if (grantId !== undefined && !plan.grants.some((g) => g.id.toLowerCase() === grantId.toLowerCase())) {
    throw new CliProblem(`there is no grant with the ID "${visibleText(grantId)}" in ${file}`, EXIT.usage);
  }
  if (!parsed.flags.has("--force")) {
    for (const out of [output, ...(csv === undefined ? [] : [csv])]) {
      if (await io.exists(out)) throw new CliProblem(`${out} already exists, so nothing was written; use --force to replace it`, EXIT.problem);
    }
  }

  const asAt = asAtFor(plan, checked.given, checked.today);
  const marking = markingOf(checked.settings);
  const built = buildSummary(plan, { asAt, grantId: grantId ?? null, planName: file, marking, today: checked.today, generatedBy: `grant-planner ${VERSION}` });
  // No Excel here to draw charts: the export says where they would be and holds their figures (docs/summary.md, "Charts").
  const layout = exportLayout(built);
  let bytes: Uint8Array;
  try {
    bytes = await summaryWorkbook(layout, marking, READ_OPTIONS);
  } catch (error) {
    throw new CliProblem(`could not build the summary workbook: ${firstLine(error)}; nothing was written`, EXIT.problem);
  }
  const writes: [string, Uint8Array][] = [[output, bytes]];
  if (csv !== undefined) writes.push([csv, summaryCsvBytes(built.tables, built.heading)]);
  for (const [path, data] of writes) {
    try {
      await io.writeFile(path, data);
    } catch (error) {
      throw new CliProblem(`could not write ${path}: ${fileProblem(error)}`, EXIT.problem);
    }
  }
  const errors = hasErrors(findings) ? findings.filter((f) => f.severity === "error").length : 0;
  io.stdout(
    [
      `Wrote the summary of ${visibleText(file)} as at ${formatAsAt(asAt)} to ${visibleText(output)}${csv === undefined ? "" : ` and ${visibleText(csv)}`}.`,
      ...(errors > 0 ? [`The plan has ${errors} error${errors === 1 ? "" : "s"}: figures that cannot be known are blank; see grant-planner check ${visibleText(file)}.`] : []),
    ].join("\n") + "\n",
  );
  return checkedExit(findings);
}

/** Text goes to stdout in pieces of about this many characters. */
const JSON_PIECE = 64 * 1024;
/** Arrays and objects this deep are laid out piece by piece; what lies deeper is stringified one member at a time. */
const JSON_DEPTH = 4;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || "toJSON" in value) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/**
 * Writes exactly `JSON.stringify(value, null, 2)` and a line break, in pieces, so the whole
 * text is never held at once: the report of a 50,000-line plan is 7.8 MB of JSON, which
 * as one string (and the bytes written from it) took some 20-30 MB at the end of a check.
 * The first JSON_DEPTH levels of plain arrays and objects are laid out here as
 * JSON.stringify lays them out; each member below that is stringified on its own and
 * indented to its place (JSON text has line breaks only between its tokens, never inside
 * a string, so indenting after each line break is exact).
 */
export function writeJson(value: unknown, write: (text: string) => void): void {
  let pending = "";
  const emit = (text: string): void => {
    pending += text;
    if (pending.length >= JSON_PIECE) {
      write(pending);
      pending = "";
    }
  };
  /** Writes one value at `indent`; false when JSON leaves it out (undefined, a function). */
  const put = (item: unknown, indent: string, depth: number): boolean => {
    const array = Array.isArray(item);
    const members: [string | null, unknown][] | null =
      depth >= JSON_DEPTH ? null : Array.isArray(item) ? item.map((v: unknown) => [null, v]) : isPlainObject(item) ? Object.entries(item) : null;
    if (members !== null) {
      const inner = `${indent}  `;
      let first = true;
      emit(array ? "[" : "{");
      for (const [key, member] of members) {
        if (key !== null && (member === undefined || typeof member === "function" || typeof member === "symbol")) continue;
        emit(`${first ? "" : ","}\n${inner}${key === null ? "" : `${JSON.stringify(key)}: `}`);
        first = false;
        if (!put(member, inner, depth + 1)) emit("null");
      }
      emit(first ? (array ? "]" : "}") : `\n${indent}${array ? "]" : "}"}`);
      return true;
    }
    const text: unknown = JSON.stringify(item, null, 2);
    if (typeof text !== "string") return false;
    emit(indent === "" ? text : text.replace(/\n/g, `\n${indent}`));
    return true;
  };
  put(value, "", 0);
  write(`${pending}\n`);
}

function firstLine(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  return (text.split("\n")[0] ?? "").trim() || "unknown error";
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr(USAGE);
        return EXIT.usage;
      case "--help":
      case "-h":
      case "help":
        io.stdout(USAGE);
        return EXIT.ok;
      case "--version":
      case "-V":
        io.stdout(`${VERSION}\n`);
        return EXIT.ok;
      case "init":
        return await init(rest, io);
      case "check":
        return await check(rest, io);
      case "progress":
        return await progress(rest, io);
      case "upgrade":
        return await upgrade(rest, io);
      case "summary":
        return await summary(rest, io);
      default:
        throw new CliProblem(
          command.startsWith("-")
            ? `unknown option ${command} (see grant-planner --help)`
            : `unknown command "${visibleText(quoteText(command))}"; the commands are init, check, progress, upgrade and summary (see grant-planner --help)`,
          EXIT.usage,
        );
    }
  } catch (error) {
    if (error instanceof CliProblem) {
      io.stderr(`grant-planner: ${error.message}\n`);
      return error.exitCode;
    }
    io.stderr(`grant-planner: ${firstLine(error)}\n`);
    return EXIT.usage;
  }
}
