/**
 * The `grant-planner` command line. `main` takes the arguments after the program name and
 * the outside world (io) and resolves to the exit code, so tests run it in-process.
 *
 * Exit codes: 0 done (check: no errors); 1 check found errors, or init refused or could
 * not write; 2 the command was used wrongly, or the file cannot be read as a plan.
 * Every problem is one line on stderr starting "grant-planner: ", never a stack trace.
 */
import { version as packageVersion } from "../../package.json";
import { setupChanges } from "../plan/actions";
import { checkWorkbook } from "../plan/checks";
import { EXAMPLES, exampleNames } from "../plan/examples";
import { hasErrors } from "../plan/findings";
import { summarise } from "../plan/summary";
import { BLANK_PLAN, type PlanData } from "../plan/template";
import type { RawWorkbook } from "../plan/raw";
import { XlsxReadError, XlsxWorkbook } from "../xlsx/xlsxWorkbook";
import { DEFAULT_LIMITS, readPlanPackage } from "../xlsx/read";
import { size } from "../xlsx/read/limits";
import { nodeInflater } from "../xlsx/read/nodeInflate";
import { type CliIo, type FileRead, fileProblem } from "./io";
import { checkJson, checkReport } from "./report";

export type { CliIo } from "./io";

export const VERSION: string = packageVersion;

export const EXIT = { ok: 0, problem: 1, usage: 2 } as const;

export const USAGE = `Usage:
  grant-planner init <file.xlsx> [--example <name>] [--force]
  grant-planner check <file.xlsx> [--json]
  grant-planner --help | --version

Commands:
  init    Write a new plan workbook: blank, or one of the examples (${exampleNames().join(", ")}).
          Refuses to replace an existing file unless --force is given.
  check   Read a plan and check it: every award allocated to the penny, lines, measures,
          priority areas. Prints a report, or JSON with --json.

Exit codes:
  0  done; check found no errors (warnings and information may remain)
  1  check found at least one error; init refused or could not write the file
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
  const setup = setupChanges(await wb.read(), data, template, `grant-planner ${VERSION}`);
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

async function check(args: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseOptions(args, ["--json", "--help"], [], "check");
  if (parsed.flags.has("--help")) {
    io.stdout(USAGE);
    return EXIT.ok;
  }
  const file = oneFile(parsed, "check");
  let result: ReturnType<typeof checkWorkbook>;
  try {
    result = checkWorkbook(await readPlan(file, io));
  } catch (error) {
    if (error instanceof CliProblem) throw error;
    if (error instanceof XlsxReadError) throw new CliProblem(`cannot read ${file}: ${error.reason}`, EXIT.usage);
    throw new CliProblem(`cannot read ${file} as a plan: ${firstLine(error)}`, EXIT.usage);
  }
  if (result.status !== "plan") throw new CliProblem(`${file} is not a Grant Planner plan: ${result.reason}`, EXIT.usage);
  const grants = summarise(result.plan);
  if (parsed.flags.has("--json")) {
    writeJson(checkJson(file, grants, result.findings), io.stdout);
  } else {
    io.stdout(checkReport(file, grants, result.findings));
  }
  return hasErrors(result.findings) ? EXIT.problem : EXIT.ok;
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
      default:
        throw new CliProblem(
          command.startsWith("-") ? `unknown option ${command} (see grant-planner --help)` : `unknown command "${command}"; the commands are init and check (see grant-planner --help)`,
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
