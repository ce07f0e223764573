/**
 * The streaming XML scanner: the same events however the text is cut into pieces, text
 * decoded the way Excel writes it, and tags no writer produces refused.
 */
import { attribute, decodeExcelEscapes, decodeText, referenceColumn, XmlError, XmlScanner } from "../../../src/xlsx/read/xml";

type Event = readonly [string, string, string?];

/** The events of a document fed in the given pieces, with text pieces joined and decoded. */
function events(pieces: readonly string[]): Event[] {
  const out: Event[] = [];
  let text = "";
  const flush = (): void => {
    if (text !== "") out.push(["text", text]);
    text = "";
  };
  const scanner = new XmlScanner({
    open(name, raw, selfClosing) {
      flush();
      out.push([selfClosing ? "empty" : "open", name, raw.trim()]);
    },
    close(name) {
      flush();
      out.push(["close", name]);
    },
    text(raw, cdata) {
      text += cdata ? raw : decodeText(raw);
    },
  });
  for (const piece of pieces) scanner.feed(piece);
  scanner.end();
  flush();
  return out;
}

const DOCUMENT =
  '<?xml version="1.0" encoding="UTF-8"?>\n<!-- made by hand --><x:sst xmlns:x="urn:x" a=\'1>2\'><x:si><x:t xml:space="preserve">Fish &amp; chips &#163;5 &#x1F600;</x:t></x:si>' +
  '<x:si><x:t><![CDATA[<b>&amp;</b>]]></x:t></x:si><empty attr="&quot;q&quot;"/></x:sst>';

describe("XmlScanner", () => {
  it("reports elements without their prefix, text decoded, CDATA as written", () => {
    expect(events([DOCUMENT])).toEqual([
      ["text", "\n"],
      ["open", "sst", `xmlns:x="urn:x" a='1>2'`],
      ["open", "si", ""],
      ["open", "t", 'xml:space="preserve"'],
      ["text", "Fish & chips £5 😀"],
      ["close", "t"],
      ["close", "si"],
      ["open", "si", ""],
      ["open", "t", ""],
      ["text", "<b>&amp;</b>"],
      ["close", "t"],
      ["close", "si"],
      ["empty", "empty", 'attr="&quot;q&quot;"'],
      ["close", "sst"],
    ]);
  });

  it("gives the same events however the document is cut into pieces", () => {
    const whole = events([DOCUMENT]);
    for (let cut = 1; cut < DOCUMENT.length; cut++) {
      expect(events([DOCUMENT.slice(0, cut), DOCUMENT.slice(cut)])).toEqual(whole);
    }
    expect(events([...DOCUMENT])).toEqual(whole);
  });

  it("refuses a document type declaration and a document cut inside a tag", () => {
    expect(() => events(['<!DOCTYPE x [<!ENTITY big "big">]><x/>'])).toThrow(XmlError);
    expect(() => events(["<sheetData><row r="])).toThrow("ends in the middle of a tag");
    expect(() => events(["<row <c>"])).toThrow(XmlError);
  });
});

describe("text and attributes", () => {
  it("decodes Excel's _xHHHH_ escapes, with _x005F_ protecting a literal one", () => {
    expect(decodeExcelEscapes("a_x000D__x000A_b")).toBe("a\r\nb");
    expect(decodeExcelEscapes("_x005F_x000D_")).toBe("_x000D_");
    expect(decodeExcelEscapes("x_1_y")).toBe("x_1_y");
  });

  it("finds one attribute by its exact name, decoded, with either quote", () => {
    const raw = ` r="B7" s='3' t="s" rr="no" x:r="prefixed" name="a &amp; b"`;
    expect(attribute(raw, "r")).toBe("B7");
    expect(attribute(raw, "s")).toBe("3");
    expect(attribute(raw, "name")).toBe("a & b");
    expect(attribute(raw, "missing")).toBeNull();
  });

  it("reads the column of a cell reference", () => {
    expect(referenceColumn("A1")).toBe(0);
    expect(referenceColumn("c7")).toBe(2);
    expect(referenceColumn("AA10")).toBe(26);
    expect(referenceColumn("XFD1048576")).toBe(16_383);
    expect(referenceColumn("12")).toBe(-1);
    expect(referenceColumn(' r="AB12" s="1"', 4)).toBe(27);
  });
});
