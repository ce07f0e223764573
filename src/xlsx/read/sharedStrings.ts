/**
 * The shared strings part, read once after the sheets, keeping only the strings the plan's
 * cells use: a long text no plan cell uses is stepped over, never held, and reading stops
 * after the last string wanted. Rich text runs are joined; phonetic guides (<rPh>) are not
 * part of what a cell shows and are left out.
 */
import { XlsxReadError } from "../errors";
import { count } from "./limits";
import type { PlanPackage } from "./parts";
import { detached } from "./sheet";
import type { WantedStrings } from "./store";
import { decodeExcelEscapes, decodeText } from "./xml";

export async function readSharedStrings(
  pkg: PlanPackage,
  part: string | null,
  wanted: WantedStrings,
  maxTextLength: number,
  whereUsed: (index: number) => { readonly sheet: string; readonly cell: string } | null,
): Promise<(string | undefined)[]> {
  /** Strings by index: a plan uses most of a file's strings, so an array (holes for the others). */
  const found: (string | undefined)[] = [];
  if (wanted.size === 0 || part === null) return found;
  const last = wanted.last;

  let index = -1;
  let keeping = false;
  let inText = false;
  let phonetic = 0;
  let collected = "";
  const tooLong = (): XlsxReadError => {
    const where = whereUsed(index);
    const place = where === null ? "a cell" : `the file's "${where.sheet}" sheet holds more than ${count(maxTextLength)} characters in cell ${where.cell}`;
    return new XlsxReadError(where === null ? `${place} holds more than ${count(maxTextLength)} characters, more than Excel allows in a cell` : `${place}, more than Excel allows in a cell`);
  };

  await pkg.scan(
    part,
    {
      open(name, _raw, selfClosing) {
        if (name === "si") {
          index++;
          keeping = wanted.has(index);
          collected = "";
          if (selfClosing && keeping) found[index] = "";
        } else if (name === "rPh") {
          if (!selfClosing) phonetic++;
        } else if (name === "t" && keeping && phonetic === 0 && !selfClosing) {
          inText = true;
        }
      },
      close(name) {
        if (name === "si") {
          if (keeping) found[index] = detached(decodeExcelEscapes(collected));
          keeping = false;
          collected = "";
        } else if (name === "rPh") {
          if (phonetic > 0) phonetic--;
        } else if (name === "t") {
          inText = false;
        }
      },
      text(raw, cdata) {
        if (!inText) return;
        collected += cdata ? raw : decodeText(raw);
        if (collected.length > maxTextLength) throw tooLong();
      },
    },
    () => !keeping && found[last] !== undefined,
  );
  return found;
}
