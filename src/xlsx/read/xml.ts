/**
 * A streaming scanner for the XML in an .xlsx package: text arrives in pieces, tags and
 * text come out as events, and nothing is kept between events but an unfinished tag.
 * It knows the XML that spreadsheet writers produce: elements with attributes, text,
 * character references, comments, processing instructions and CDATA. A document type
 * declaration (which could define entities that expand without bound) is refused.
 *
 * Element names are reported without their namespace prefix ("x:row" → "row"): some
 * writers prefix every SpreadsheetML element and the prefix is theirs to choose.
 */

/** The part's XML cannot be read; the message names what is wrong, for "the file is damaged: …". */
export class XmlError extends Error {}

export interface XmlHandler {
  /** An opening tag; `attributes` is the raw text between the name and the end of the tag. */
  open(name: string, attributes: string, selfClosing: boolean): void;
  close(name: string): void;
  /**
   * Text between tags, in pieces. A piece never ends inside a character reference, so it
   * can be decoded on its own (`decodeText`) unless `cdata` says it is literal already.
   */
  text(raw: string, cdata: boolean): void;
}

/** An unfinished tag longer than this is not XML any writer produces. */
const LONGEST_TAG = 16 * 1024 * 1024;
const SLASH = 47; // /

function localName(name: string): string {
  const colon = name.indexOf(":");
  return colon < 0 ? name : name.slice(colon + 1);
}

export class XmlScanner {
  private pending = "";

  constructor(private readonly handler: XmlHandler) {}

  /** Scans the next piece of the document. */
  feed(chunk: string): void {
    const buf = this.pending.length > 0 ? this.pending + chunk : chunk;
    this.pending = "";
    const handler = this.handler;
    const length = buf.length;
    // Where the next "<", '"' and "'" are, searched for once and reused (length: none left).
    let nextLt = -1;
    let dq = -1;
    let sq = -1;
    let i = 0;
    while (i < length) {
      if (nextLt < i) {
        nextLt = buf.indexOf("<", i);
        if (nextLt < 0) nextLt = length;
      }
      const lt = nextLt;
      if (lt >= length) {
        this.trailingText(buf, i);
        return;
      }
      if (lt > i) handler.text(buf.slice(i, lt), false);
      if (lt + 1 >= length) return this.keep(buf, lt);
      const next = buf.charCodeAt(lt + 1);
      if (next === 63 /* ? */) {
        const end = buf.indexOf("?>", lt + 2);
        if (end < 0) return this.keep(buf, lt);
        i = end + 2;
        continue;
      }
      if (next === 33 /* ! */) {
        if (buf.startsWith("<!--", lt)) {
          const end = buf.indexOf("-->", lt + 4);
          if (end < 0) return this.keep(buf, lt);
          i = end + 3;
          continue;
        }
        if (buf.startsWith("<![CDATA[", lt)) {
          const end = buf.indexOf("]]>", lt + 9);
          if (end < 0) return this.keep(buf, lt);
          handler.text(buf.slice(lt + 9, end), true);
          i = end + 3;
          continue;
        }
        if (length - lt < 9) return this.keep(buf, lt);
        throw new XmlError("a part declares a document type, which spreadsheet files never do");
      }
      // An element tag: its end is the first ">" outside quoted attribute values (which may hold ">").
      let end = buf.indexOf(">", lt + 1);
      let from = lt + 1;
      for (;;) {
        if (end < 0) return this.keep(buf, lt);
        if (dq < from) {
          dq = buf.indexOf('"', from);
          if (dq < 0) dq = length;
        }
        if (sq < from) {
          sq = buf.indexOf("'", from);
          if (sq < 0) sq = length;
        }
        const quote = dq < sq ? dq : sq;
        if (quote > end) break;
        const close = buf.indexOf(quote === dq ? '"' : "'", quote + 1);
        if (close < 0) return this.keep(buf, lt);
        from = close + 1;
        if (close > end) end = buf.indexOf(">", from);
      }
      nextLt = buf.indexOf("<", lt + 1);
      if (nextLt < 0) nextLt = length;
      if (nextLt < end) throw new XmlError("a part holds a tag that is never closed");
      if (next === SLASH) {
        handler.close(localName(buf.slice(lt + 2, end).trim()));
      } else {
        const selfClosing = buf.charCodeAt(end - 1) === SLASH;
        const tagEnd = selfClosing ? end - 1 : end;
        let nameEnd = lt + 1;
        while (nameEnd < tagEnd && buf.charCodeAt(nameEnd) > 32) nameEnd++;
        handler.open(localName(buf.slice(lt + 1, nameEnd)), buf.slice(nameEnd, tagEnd), selfClosing);
      }
      i = end + 1;
    }
  }

  /** The document ended; an unfinished tag at the end means the part was cut short. */
  end(): void {
    if (this.pending.trim().length > 0) throw new XmlError("a part ends in the middle of a tag");
    this.pending = "";
  }

  private keep(buf: string, from: number): void {
    if (buf.length - from > LONGEST_TAG) throw new XmlError("a part holds a tag of more than 16 MB");
    this.pending = buf.slice(from);
  }

  /** Text up to the end of the piece, holding back a character reference that the next piece completes. */
  private trailingText(buf: string, from: number): void {
    let end = buf.length;
    const amp = buf.lastIndexOf("&");
    if (amp >= from && end - amp < 16 && buf.indexOf(";", amp) < 0) end = amp;
    if (end > from) this.handler.text(from === 0 && end === buf.length ? buf : buf.slice(from, end), false);
    if (end < buf.length) this.pending = buf.slice(end);
  }
}

const NAMED: Readonly<Record<string, string>> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** Decodes XML character references: "&amp;" → "&", "&#163;" → "£", "&#x1F600;" → "😀". */
export function decodeText(raw: string): string {
  if (raw.indexOf("&") < 0) return raw;
  return raw.replace(/&(#[xX][0-9a-fA-F]{1,6}|#[0-9]{1,7}|lt|gt|amp|quot|apos);/g, (whole, body: string) => {
    if (body.charCodeAt(0) !== 35 /* # */) return NAMED[body] ?? whole;
    const code = body[1] === "x" || body[1] === "X" ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}

/**
 * Decodes the escapes Excel writes for characters XML cannot carry: "_x000D_" is a carriage
 * return, and "_x005F_" an underscore (so a literal "_x000D_" is written "_x005F_x000D_").
 */
export function decodeExcelEscapes(text: string): string {
  if (text.indexOf("_x") < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_whole, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/** The value of one attribute in a tag's raw attribute text (decoded), or null when it is absent. */
export function attribute(attributes: string, name: string): string | null {
  const n = attributes.length;
  let i = 0;
  while (i < n) {
    while (i < n && attributes.charCodeAt(i) <= 32) i++;
    const nameStart = i;
    while (i < n && attributes.charCodeAt(i) !== 61 /* = */ && attributes.charCodeAt(i) > 32) i++;
    const nameEnd = i;
    while (i < n && attributes.charCodeAt(i) <= 32) i++;
    if (i >= n || attributes.charCodeAt(i) !== 61) return null;
    i++;
    while (i < n && attributes.charCodeAt(i) <= 32) i++;
    const quote = attributes[i];
    if (quote !== '"' && quote !== "'") return null;
    const valueEnd = attributes.indexOf(quote, i + 1);
    if (valueEnd < 0) return null;
    if (nameEnd - nameStart === name.length && attributes.startsWith(name, nameStart)) {
      return decodeText(attributes.slice(i + 1, valueEnd));
    }
    i = valueEnd + 1;
  }
  return null;
}

/** Every attribute of a tag, by name as written ("r:id"), decoded. For the few small elements that need several. */
export function attributes(raw: string): Map<string, string> {
  const found = new Map<string, string>();
  const pattern = /([^\s=]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;
  for (let m = pattern.exec(raw); m !== null; m = pattern.exec(raw)) {
    found.set(m[1] ?? "", decodeText(m[2] ?? m[3] ?? ""));
  }
  return found;
}

/** The relationship id of an element ("r:id", whatever the prefix), or null. */
export function relationshipId(found: ReadonlyMap<string, string>): string | null {
  for (const [name, value] of found) if (name.endsWith(":id")) return value;
  return null;
}

/** Zero-based column of a cell reference's letters ("C7" → 2), read from `from`; -1 when it has none. */
export function referenceColumn(reference: string, from = 0): number {
  let column = 0;
  let i = from;
  for (; i < reference.length && i < from + 3; i++) {
    const c = reference.charCodeAt(i) | 0x20; // lower case
    if (c < 97 || c > 122) break;
    column = column * 26 + (c - 96);
  }
  return i === from ? -1 : column - 1;
}
