/**
 * Text from a workbook before any meaning is given to it: bounded in length before any
 * pattern looks at it, quoted in messages at a readable length, and IDs freed of
 * characters that make two IDs look alike while they differ.
 */

/** Excel's own limit on the characters a cell holds; a file with more was not written by Excel. */
export const MAX_CELL_TEXT = 32_767;

/** The longest text a header, a yes/no flag or a measure kind can be; anything longer is none of them. */
export const MAX_WORD_TEXT = 255;

/** Text cut to Excel's cell limit, so that no pattern ever runs over more than a cell can hold. */
export function capText(text: string): string {
  return text.length > MAX_CELL_TEXT ? text.slice(0, MAX_CELL_TEXT) : text;
}

/** Text as quoted in a message: at most `max` characters, with "…" and the full length when cut. */
export function quoteText(text: string, max = 60): string {
  if (text.length <= max) return text;
  return `${text.slice(0, max)}… (${text.length.toLocaleString("en-GB")} characters)`;
}

/**
 * Characters that show as nothing or as an ordinary space but are not one: zero-width
 * characters, non-breaking and typographic spaces, direction marks, soft hyphens, line
 * breaks and tabs. Names are Unicode's.
 */
const ODD_CHARACTERS: ReadonlyMap<number, string> = new Map([
  [0x09, "TAB"],
  [0x0a, "LINE FEED"],
  [0x0b, "LINE TABULATION"],
  [0x0c, "FORM FEED"],
  [0x0d, "CARRIAGE RETURN"],
  [0x85, "NEXT LINE"],
  [0xa0, "NO-BREAK SPACE"],
  [0xad, "SOFT HYPHEN"],
  [0x034f, "COMBINING GRAPHEME JOINER"],
  [0x061c, "ARABIC LETTER MARK"],
  [0x1680, "OGHAM SPACE MARK"],
  [0x180e, "MONGOLIAN VOWEL SEPARATOR"],
  [0x2000, "EN QUAD"],
  [0x2001, "EM QUAD"],
  [0x2002, "EN SPACE"],
  [0x2003, "EM SPACE"],
  [0x2004, "THREE-PER-EM SPACE"],
  [0x2005, "FOUR-PER-EM SPACE"],
  [0x2006, "SIX-PER-EM SPACE"],
  [0x2007, "FIGURE SPACE"],
  [0x2008, "PUNCTUATION SPACE"],
  [0x2009, "THIN SPACE"],
  [0x200a, "HAIR SPACE"],
  [0x200b, "ZERO WIDTH SPACE"],
  [0x200c, "ZERO WIDTH NON-JOINER"],
  [0x200d, "ZERO WIDTH JOINER"],
  [0x200e, "LEFT-TO-RIGHT MARK"],
  [0x200f, "RIGHT-TO-LEFT MARK"],
  [0x2028, "LINE SEPARATOR"],
  [0x2029, "PARAGRAPH SEPARATOR"],
  [0x202a, "LEFT-TO-RIGHT EMBEDDING"],
  [0x202b, "RIGHT-TO-LEFT EMBEDDING"],
  [0x202c, "POP DIRECTIONAL FORMATTING"],
  [0x202d, "LEFT-TO-RIGHT OVERRIDE"],
  [0x202e, "RIGHT-TO-LEFT OVERRIDE"],
  [0x202f, "NARROW NO-BREAK SPACE"],
  [0x205f, "MEDIUM MATHEMATICAL SPACE"],
  [0x2060, "WORD JOINER"],
  [0x2061, "FUNCTION APPLICATION"],
  [0x2062, "INVISIBLE TIMES"],
  [0x2063, "INVISIBLE SEPARATOR"],
  [0x2064, "INVISIBLE PLUS"],
  [0x2066, "LEFT-TO-RIGHT ISOLATE"],
  [0x2067, "RIGHT-TO-LEFT ISOLATE"],
  [0x2068, "FIRST STRONG ISOLATE"],
  [0x2069, "POP DIRECTIONAL ISOLATE"],
  [0x3000, "IDEOGRAPHIC SPACE"],
  [0xfeff, "ZERO WIDTH NO-BREAK SPACE (byte order mark)"],
]);

/**
 * Dashes that look like the hyphen-minus IDs are typed with (word processors and e-mail
 * turn "-" into them): read as "-". Names are Unicode's.
 */
const DASHES: ReadonlyMap<number, string> = new Map([
  [0x2010, "HYPHEN"],
  [0x2011, "NON-BREAKING HYPHEN"],
  [0x2012, "FIGURE DASH"],
  [0x2013, "EN DASH"],
  [0x2014, "EM DASH"],
  [0x2015, "HORIZONTAL BAR"],
  [0x2212, "MINUS SIGN"],
  [0xfe58, "SMALL EM DASH"],
  [0xfe63, "SMALL HYPHEN-MINUS"],
]);

/** Full-width forms of printable ASCII (U+FF01–U+FF5E), typed with East Asian input methods: read as their ASCII twins. */
const FULL_WIDTH_FIRST = 0xff01;
const FULL_WIDTH_LAST = 0xff5e;
const FULL_WIDTH_OFFSET = 0xfee0;

/** Characters that take no room at all: removed from an ID. The others become a plain space. */
const INVISIBLE = new Set([
  0xad, 0x034f, 0x061c, 0x180e, 0x200b, 0x200c, 0x200d, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2060, 0x2061,
  0x2062, 0x2063, 0x2064, 0x2066, 0x2067, 0x2068, 0x2069, 0xfeff,
]);

export interface OddCharacter {
  /** "U+200B ZERO WIDTH SPACE" */
  readonly name: string;
  /** Zero-based position in the text as read. */
  readonly at: number;
}

export interface NormalisedId {
  /** The ID as it is matched: invisible characters removed, odd spaces made plain, trimmed. */
  readonly id: string;
  /** What was found, first occurrence of each character only; empty for a clean ID. */
  readonly odd: readonly OddCharacter[];
}

/**
 * True when every character is printable ASCII and none is one of Excel's wildcards
 * (the usual ID): nothing to look for.
 */
function isPlain(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code > 0x7e || code === 0x2a || code === 0x3f || code === 0x7e) return false;
  }
  return true;
}

function codeName(code: number): string {
  return `U+${code.toString(16).toUpperCase().padStart(4, "0")}`;
}

/**
 * A key that matches whatever the case: two texts have the same key exactly when their
 * lower-case forms are equal. Plain ASCII text gets its upper-case form, which is the text
 * itself when it is already in upper case (most IDs), so nothing new is built; other text
 * gets its lower-case form, or the upper case of that when it is plain ASCII.
 */
export function caseKey(text: string): string {
  let hasLower = false;
  let ascii = true;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) {
      ascii = false;
      break;
    }
    if (code >= 0x61 && code <= 0x7a) hasLower = true;
  }
  // Already upper case (most IDs): the text itself, so nothing is built and its hash is reused.
  if (ascii) return hasLower ? text.toUpperCase() : text;
  const lower = text.toLowerCase();
  return isAscii(lower) ? lower.toUpperCase() : lower;
}

function isAscii(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) > 0x7f) return false;
  return true;
}

/**
 * The ID as `normaliseId` gives it when the text is printable ASCII with no space at
 * either end and no wildcard (the usual ID); null otherwise.
 */
export function plainId(text: string): string | null {
  if (text.length > MAX_CELL_TEXT || !isPlain(text)) return null;
  return text.length === 0 || (text.charCodeAt(0) !== 0x20 && text.charCodeAt(text.length - 1) !== 0x20) ? text : null;
}

/** The one odd "character" that is not a character: plain spaces around an ID. */
export const SPACES_AROUND = "a space before or after the ID";

/**
 * An ID freed of look-alike characters, in one pass: invisible characters removed, odd
 * spaces made plain, dashes made "-", full-width forms made ASCII, then trimmed. Every
 * such character is listed so that it can be reported, and so are plain spaces at either
 * end: Excel's SUMIFS and COUNTIFS compare IDs exactly, so "CRG " does not match "CRG"
 * there although it does here.
 */
export function normaliseId(text: string): NormalisedId {
  const capped = capText(text);
  let id = "";
  const odd: OddCharacter[] = [];
  const seen = new Set<number>();
  const note = (code: number, name: string, at: number): void => {
    if (seen.has(code)) return;
    seen.add(code);
    odd.push({ name: `${codeName(code)} ${name}`, at });
  };
  for (let i = 0; i < capped.length; i++) {
    const code = capped.charCodeAt(i);
    if (code >= 0x20 && code <= 0x7e) {
      id += capped[i];
      continue;
    }
    const dash = DASHES.get(code);
    if (dash !== undefined) {
      note(code, dash, i);
      id += "-";
      continue;
    }
    if (code >= FULL_WIDTH_FIRST && code <= FULL_WIDTH_LAST) {
      const twin = String.fromCharCode(code - FULL_WIDTH_OFFSET);
      note(code, `FULLWIDTH FORM OF "${twin}"`, i);
      id += twin;
      continue;
    }
    const name = ODD_CHARACTERS.get(code);
    if (name === undefined) {
      id += capped[i];
      continue;
    }
    note(code, name, i);
    if (!INVISIBLE.has(code)) id += " ";
  }
  const last = capped.length - 1;
  if (capped.charCodeAt(0) === 0x20) odd.push({ name: SPACES_AROUND, at: 0 });
  else if (last > 0 && capped.charCodeAt(last) === 0x20) odd.push({ name: SPACES_AROUND, at: last });
  return { id: id.trim(), odd };
}

/** Excel's wildcard characters in SUMIFS/COUNTIFS criteria: `*`, `?`, and `~` that escapes them. */
export function wildcardsIn(id: string): string[] {
  const found: string[] = [];
  for (const w of ["*", "?", "~"]) if (id.includes(w)) found.push(w);
  return found;
}

/**
 * Text made safe to print on a terminal or in a log: control characters, escape
 * sequences, line breaks and direction overrides from a workbook are shown as visible
 * `\u{…}` escapes, so a cell can never move the cursor, clear the screen or forge a line.
 */
export function visibleText(text: string): string {
  let out = "";
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0;
    const control = code < 0x20 || (code >= 0x7f && code <= 0x9f);
    const layout = code === 0x2028 || code === 0x2029 || (code >= 0x202a && code <= 0x202e) || (code >= 0x2066 && code <= 0x2069);
    out += control || layout ? `\\u{${code.toString(16)}}` : ch;
  }
  return out;
}
