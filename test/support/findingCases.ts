/**
 * The harness behind the "every finding code has a case that raises it" tables: each case
 * is the smallest change that raises a code, with the severity, sheet, cell and the words
 * its message must hold. The table is keyed by code, so a code without a case fails to
 * compile, and the last test says so again at run time.
 */
import type { Finding, FindingCode, Severity } from "../../src/plan/findings";

export interface FindingCase {
  readonly name: string;
  readonly expected: { readonly severity: Severity; readonly sheet: string; readonly cell: string; readonly says: readonly string[] };
}

/** `findingsOf` gives a case's findings (all of them: the case looks for its own). */
export function describeFindingCases<C extends FindingCode, T extends FindingCase>(
  title: string,
  codes: readonly C[],
  cases: { readonly [K in C]: readonly T[] },
  findingsOf: (c: T) => readonly Finding[] | Promise<readonly Finding[]>,
): void {
  describe(title, () => {
    const all = codes.flatMap((code) => cases[code].map((c) => ({ code, ...c })));

    it.each(all.map((c) => [c.code, c.name, c] as const))("%s: %s", async (code, _name, c) => {
      const findings = await findingsOf(c);
      const matching = findings.filter((f) => f.code === code && f.sheet === c.expected.sheet && f.cell === c.expected.cell);
      expect(matching).toHaveLength(1);
      const [found] = matching;
      if (!found) throw new Error(`no ${code} at ${c.expected.sheet}!${c.expected.cell}`);
      expect(found.severity).toBe(c.expected.severity);
      for (const part of c.expected.says) expect(found.message).toContain(part);
    });

    it("has a case for every code it covers", () => {
      expect(Object.keys(cases).sort()).toEqual([...codes].sort());
      expect(codes.filter((code) => cases[code].length === 0)).toEqual([]);
    });
  });
}
