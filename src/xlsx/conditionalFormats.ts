/**
 * Conditional formatting in the .xlsx package, written by this host itself rather than by
 * exceljs, because exceljs 4.4.0 cannot be trusted with it (measured on its own round trip,
 * test/xlsx/conditionalFormats.test.ts):
 *  - it never writes `stopIfTrue` (lib/xlsx/xform/sheet/cf/cf-rule-xform.js renders an
 *    expression rule with type, dxfId and priority only, and does not read the flag either);
 *  - it drops rules of the types it has no writer for (duplicateValues, uniqueValues,
 *    beginsWith, endsWith, notContainsText, …) and leaves an empty
 *    `<conditionalFormatting sqref="…"/>` behind, which the schema does not allow (a
 *    conditionalFormatting holds at least one cfRule);
 *  - it drops attributes it does not model (`text`, `equalAverage`, `stdDev`, `pivot`).
 *
 * So the sheet's own `<conditionalFormatting>` elements (the main ones; not the Excel 2010
 * `x14:` ones inside `extLst`, which exceljs models and writes itself) are taken from the file
 * as it was before exceljs loaded it and put back, as they were, into what exceljs writes,
 * with the differential formats (`dxf`) they use copied into the new styles part; the rules
 * an action adds are written beside them. Rules the add-in adds go above the rules already
 * on the sheet, as Excel's own "New Rule" and Office.js `conditionalFormats.add` place them,
 * every one with "Stop If True".
 *
 * The XML is searched with indexOf and bounded patterns (one pass over each part), not parsed.
 */
import type { ConditionalRule } from "../plan/changes";

/** One conditionalFormat change as the host writes it. */
export interface ConditionalFormatWrite {
  readonly sheet: string;
  /** A1 range without "$". */
  readonly range: string;
  readonly rules: readonly ConditionalRule[];
}

/** A sheet's own conditional formatting as the file held it, each element with the dxf XML its rules used. */
export interface KeptFormats {
  /** Lower-case sheet name → the sheet's `<conditionalFormatting>` elements, in file order. */
  readonly sheets: ReadonlyMap<string, readonly KeptElement[]>;
}

export interface KeptElement {
  /** The element as the file had it. */
  readonly xml: string;
  /** dxfId (as written in the element) → that dxf's XML; null where the file had no such dxf. */
  readonly dxfs: ReadonlyMap<string, string | null>;
}

export const NO_FORMATS: KeptFormats = { sheets: new Map() };

/** A span of a part's text. */
interface Span {
  readonly start: number;
  readonly end: number;
}

const CF = "conditionalFormatting";

/** Where an unprefixed start tag `<name` begins at or after `from`, or -1 (not `<names`, not `<x14:name`). */
function startOf(xml: string, name: string, from: number): number {
  const wanted = `<${name}`;
  for (let at = xml.indexOf(wanted, from); at >= 0; at = xml.indexOf(wanted, at + wanted.length)) {
    const next = xml.charAt(at + wanted.length);
    if (next === ">" || next === "/" || /\s/.test(next)) return at;
  }
  return -1;
}

/** Just after the `>` of the start tag that begins at `at` (quoted attribute values may hold ">"), or -1. */
function startTagEnd(xml: string, at: number): number {
  let quote = "";
  for (let i = at + 1; i < xml.length; i++) {
    const ch = xml.charAt(i);
    if (quote !== "") {
      if (ch === quote) quote = "";
    } else if (ch === '"' || ch === "'") {
      quote = ch;
    } else if (ch === ">") {
      return i + 1;
    }
  }
  return -1;
}

/** Every unprefixed element `name` in `xml`, start tag to end tag (or the empty-element tag alone). */
function spans(xml: string, name: string): Span[] {
  const found: Span[] = [];
  const close = `</${name}>`;
  let at = startOf(xml, name, 0);
  while (at >= 0) {
    const tagEnd = startTagEnd(xml, at);
    if (tagEnd < 0) break;
    let end = tagEnd;
    if (xml.charAt(tagEnd - 2) !== "/") {
      const closing = xml.indexOf(close, tagEnd);
      if (closing < 0) break;
      end = closing + close.length;
    }
    found.push({ start: at, end });
    at = startOf(xml, name, end);
  }
  return found;
}

/** The value of attribute `name` in a start tag, or undefined. */
function attribute(tag: string, name: string): string | undefined {
  const match = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)')`).exec(tag);
  return match === null ? undefined : (match[1] ?? match[2]);
}

/** The start tag with attribute `name` set to `value` (added when missing). */
function withAttribute(tag: string, name: string, value: string): string {
  const pattern = new RegExp(`(\\s${name}\\s*=\\s*)(?:"[^"]*"|'[^']*')`);
  if (pattern.test(tag)) return tag.replace(pattern, (_whole, lead: string) => `${lead}"${value}"`);
  const selfClosing = tag.endsWith("/>");
  return `${tag.slice(0, selfClosing ? -2 : -1)} ${name}="${value}"${selfClosing ? "/>" : ">"}`;
}

/** Each start tag `<cfRule …>` (or a prefixed one such as `<x14:cfRule …>` when `prefixed`) replaced by `edit` of it. */
function editRuleTags(xml: string, edit: (tag: string) => string, prefixed: boolean): string {
  const pattern = prefixed ? /<[A-Za-z][\w.-]*:cfRule(?=[\s/>])/g : /<cfRule(?=[\s/>])/g;
  const pieces: string[] = [];
  let copied = 0;
  for (const match of xml.matchAll(pattern)) {
    const at = match.index;
    if (at < copied) continue;
    const end = startTagEnd(xml, at);
    if (end < 0) break;
    pieces.push(xml.slice(copied, at), edit(xml.slice(at, end)));
    copied = end;
  }
  pieces.push(xml.slice(copied));
  return pieces.join("");
}

/** The `<dxf>` elements of a styles part, in order (their index is a rule's dxfId). */
function dxfsOf(stylesXml: string): string[] {
  const list = spans(stylesXml, "dxfs")[0];
  if (list === undefined) return [];
  const body = stylesXml.slice(list.start, list.end);
  return spans(body, "dxf").map((s) => body.slice(s.start, s.end));
}

/** What a sheet's conditional formatting was, for putting it back after exceljs writes (see the module comment). */
export function keptFormats(sheets: readonly { readonly name: string; readonly xml: string }[], stylesXml: string): KeptFormats {
  const dxfs = dxfsOf(stylesXml);
  const kept = new Map<string, KeptElement[]>();
  for (const { name, xml } of sheets) {
    const elements = spans(xml, CF).map(({ start, end }): KeptElement => {
      const element = xml.slice(start, end);
      const used = new Map<string, string | null>();
      editRuleTags(
        element,
        (tag) => {
          const id = attribute(tag, "dxfId");
          if (id !== undefined) used.set(id, /^\d+$/.test(id) ? (dxfs[Number(id)] ?? null) : null);
          return tag;
        },
        false,
      );
      return { xml: element, dxfs: used };
    });
    if (elements.length > 0) kept.set(name.toLowerCase(), elements);
  }
  return { sheets: kept };
}

export function hasFormats(kept: KeptFormats): boolean {
  return kept.sheets.size > 0;
}

/** The sheet's elements that follow conditionalFormatting in CT_Worksheet (ECMA-376 Part 1, 18.3.1.99), in order. */
const AFTER_CF = [
  "dataValidations",
  "hyperlinks",
  "printOptions",
  "pageMargins",
  "pageSetup",
  "headerFooter",
  "rowBreaks",
  "colBreaks",
  "customProperties",
  "cellWatches",
  "ignoredErrors",
  "smartTags",
  "drawing",
  "legacyDrawing",
  "legacyDrawingHF",
  "drawingHF",
  "picture",
  "oleObjects",
  "controls",
  "webPublishItems",
  "tableParts",
  "extLst",
];

function escapeXml(value: string): string {
  return value.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** "#0070c0" → "FF0070C0", the ARGB form of the styles part. */
function argb(colour: string): string {
  return `FF${colour.slice(1).toUpperCase()}`;
}

/**
 * The dxf of a rule: the font colour, then the fill (CT_Dxf's order). A solid dxf fill
 * takes its colour from bgColor in Excel; fgColor gets the same colour for readers that
 * look there instead.
 */
function ruleDxf(rule: ConditionalRule): string {
  const font = rule.font === undefined ? "" : `<font><color rgb="${argb(rule.font)}"/></font>`;
  const colour = argb(rule.fill);
  return `<dxf>${font}<fill><patternFill patternType="solid"><fgColor rgb="${colour}"/><bgColor rgb="${colour}"/></patternFill></fill></dxf>`;
}

/** Collects the dxfs added to the styles part, numbered after those exceljs wrote. */
class DxfList {
  readonly added: string[] = [];
  constructor(private readonly first: number) {}
  add(xml: string): number {
    this.added.push(xml);
    return this.first + this.added.length - 1;
  }
}

/** The styles part with `added` dxfs after its own, and the count updated. */
function withDxfs(stylesXml: string, added: readonly string[]): string {
  if (added.length === 0) return stylesXml;
  const list = spans(stylesXml, "dxfs")[0];
  const own = dxfsOf(stylesXml);
  const element = `<dxfs count="${own.length + added.length}">${own.join("")}${added.join("")}</dxfs>`;
  if (list !== undefined) return stylesXml.slice(0, list.start) + element + stylesXml.slice(list.end);
  // CT_Stylesheet: dxfs come after cellStyles, before tableStyles.
  const before = ["tableStyles", "colors", "extLst"].map((n) => startOf(stylesXml, n, 0)).filter((i) => i >= 0);
  const at = before.length > 0 ? Math.min(...before) : stylesXml.lastIndexOf("</styleSheet>");
  return stylesXml.slice(0, at) + element + stylesXml.slice(at);
}

/**
 * A sheet as exceljs wrote it, with its conditional formatting as it should be: the rules of
 * `added` (in the order they were applied, each change going above those before it), then
 * the elements the file had. exceljs's own `<conditionalFormatting>` elements are replaced.
 */
function sheetWithFormats(xml: string, kept: readonly KeptElement[], added: readonly ConditionalFormatWrite[], dxfs: DxfList): string {
  const newRules = added.reduce((n, change) => n + change.rules.length, 0);
  const own = spans(xml, CF);
  // Where the elements go: where exceljs put its own, else before the first element that follows them.
  let at = own[0]?.start ?? -1;
  if (at < 0) {
    const after = AFTER_CF.map((n) => startOf(xml, n, 0)).filter((i) => i >= 0);
    at = after.length > 0 ? Math.min(...after) : xml.lastIndexOf("</worksheet>");
  }
  if (at < 0) return xml;
  const pieces: string[] = [];
  // The latest change on top: its rules get the first priorities.
  let priority = 1;
  for (const change of [...added].reverse()) {
    const rules = change.rules.map((rule) => {
      const dxfId = dxfs.add(ruleDxf(rule));
      return `<cfRule type="expression" dxfId="${dxfId}" priority="${priority++}" stopIfTrue="1"><formula>${escapeXml(rule.formula.trim())}</formula></cfRule>`;
    });
    pieces.push(`<conditionalFormatting sqref="${escapeXml(change.range)}">${rules.join("")}</conditionalFormatting>`);
  }
  for (const element of kept) {
    pieces.push(
      editRuleTags(
        element.xml,
        (tag) => {
          let edited = tag;
          const id = attribute(tag, "dxfId");
          const dxf = id === undefined ? undefined : element.dxfs.get(id);
          if (dxf !== undefined && dxf !== null) edited = withAttribute(edited, "dxfId", String(dxfs.add(dxf)));
          const p = attribute(tag, "priority");
          if (p !== undefined && /^\d+$/.test(p)) edited = withAttribute(edited, "priority", String(Number(p) + newRules));
          return edited;
        },
        false,
      ),
    );
  }
  // Remove exceljs's elements (from the end, so earlier positions hold), then insert.
  let out = xml;
  for (const span of [...own].reverse()) out = out.slice(0, span.start) + out.slice(span.end);
  out = out.slice(0, at) + pieces.join("") + out.slice(at);
  // The Excel 2010 rules exceljs wrote in extLst move down below the new ones too.
  if (newRules > 0) {
    out = editRuleTags(
      out,
      (tag) => {
        const p = attribute(tag, "priority");
        return p !== undefined && /^\d+$/.test(p) ? withAttribute(tag, "priority", String(Number(p) + newRules)) : tag;
      },
      true,
    );
  }
  return out;
}

/**
 * The parts of a package exceljs wrote, with every sheet's conditional formatting put right:
 * `sheets` are its worksheet parts (name and XML), `stylesXml` its styles part. Returns the
 * new XML of the sheets that changed and of the styles part.
 */
export function restoreFormats(
  sheets: readonly { readonly name: string; readonly xml: string }[],
  stylesXml: string,
  kept: KeptFormats,
  added: readonly ConditionalFormatWrite[],
): { sheets: Map<string, string>; stylesXml: string } {
  const dxfs = new DxfList(dxfsOf(stylesXml).length);
  const changed = new Map<string, string>();
  for (const { name, xml } of sheets) {
    const keptHere = kept.sheets.get(name.toLowerCase()) ?? [];
    const addedHere = added.filter((a) => a.sheet.toLowerCase() === name.toLowerCase());
    if (keptHere.length === 0 && addedHere.length === 0) continue;
    changed.set(name, sheetWithFormats(xml, keptHere, addedHere, dxfs));
  }
  return { sheets: changed, stylesXml: withDxfs(stylesXml, dxfs.added) };
}

/** The conditional formats of a sheet's XML, for tests and checks: range, formula, fill and font of each expression rule, highest priority first. */
export function expressionRules(sheetXml: string, stylesXml: string): { range: string; formula: string; fill: string | null; font: string | null; stopIfTrue: boolean; priority: number }[] {
  const dxfs = dxfsOf(stylesXml);
  const colour = (xml: string | undefined, inside: string, tag: string): string | null => {
    if (xml === undefined) return null;
    const part = spans(xml, inside)[0];
    if (part === undefined) return null;
    const body = xml.slice(part.start, part.end);
    const rgb = new RegExp(`<${tag}\\s[^>]*rgb="([0-9A-Fa-f]{8})"`).exec(body)?.[1];
    return rgb === undefined ? null : `#${rgb.slice(2).toUpperCase()}`;
  };
  const found: { range: string; formula: string; fill: string | null; font: string | null; stopIfTrue: boolean; priority: number }[] = [];
  for (const { start, end } of spans(sheetXml, CF)) {
    const element = sheetXml.slice(start, end);
    const range = attribute(element.slice(0, startTagEnd(element, 0)), "sqref") ?? "";
    for (const rule of spans(element, "cfRule")) {
      const xml = element.slice(rule.start, rule.end);
      const tag = xml.slice(0, startTagEnd(xml, 0));
      if (attribute(tag, "type") !== "expression") continue;
      const formula = /<formula>([\s\S]*?)<\/formula>/.exec(xml)?.[1] ?? "";
      const dxf = dxfs[Number(attribute(tag, "dxfId") ?? "-1")];
      found.push({
        range,
        formula: formula.replace(/&quot;/g, '"').replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&amp;/g, "&"),
        fill: colour(dxf, "fill", "bgColor"),
        font: colour(dxf, "font", "color"),
        stopIfTrue: attribute(tag, "stopIfTrue") === "1" || attribute(tag, "stopIfTrue") === "true",
        priority: Number(attribute(tag, "priority") ?? "0"),
      });
    }
  }
  return found.sort((a, b) => a.priority - b.priority);
}
