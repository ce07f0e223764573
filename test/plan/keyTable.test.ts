/** The key table the checks use to find IDs: the same answers as a Map of case keys. */
import { KeyTable } from "../../src/plan/keyTable";
import { caseKey } from "../../src/plan/text";

/** A Map-based reference: the first index of each case key. */
function reference(ids: readonly string[]): Map<string, number> {
  const first = new Map<string, number>();
  ids.forEach((id, i) => {
    const key = caseKey(id);
    if (key !== "" && !first.has(key)) first.set(key, i);
  });
  return first;
}

function tableOf(ids: readonly string[]): KeyTable {
  return new KeyTable(ids.length, (i) => ids[i] ?? "");
}

describe("KeyTable", () => {
  it("gives each repeated ID's first row when it is added again, whatever the case, and -1 for a new one", () => {
    const ids = ["G1", "G2", "g1", "", "G3", "G2", "G1"];
    const table = tableOf(ids);
    const added = ids.map((id, i) => (id === "" ? null : table.add(i)));
    expect(added).toEqual([-1, -1, 0, null, -1, 1, 0]);
    expect(["G1", "g2", "G3", "G4", ""].map((id) => table.find(id))).toEqual([0, 1, 4, -1, -1]);
  });

  it("matches IDs beyond ASCII as their case keys do (Kelvin sign, sharp s, Greek sigma)", () => {
    const ids = ["K1", "\u212A1", "STRASSE", "stra\u00DFe", "\u03A3A", "\u03C3a", "\u03C2a", "\u00C9T\u00C9", "\u00E9t\u00E9"];
    const table = tableOf(ids);
    const expected = reference(ids);
    ids.forEach((id, i) => {
      const earlier = table.add(i);
      expect([id, earlier === -1 ? i : earlier]).toEqual([id, expected.get(caseKey(id))]);
    });
  });

  it("answers as a Map of case keys does for thousands of IDs, many repeated in either case, whatever the seed", () => {
    for (let round = 0; round < 5; round++) {
      const ids = Array.from({ length: 5000 }, (_, i) => `${i % 2 === 0 ? "L" : "l"}-${(i * 7919) % 3001}.${i % 3}`);
      const expected = reference(ids);
      const table = tableOf(ids);
      ids.forEach((id, i) => {
        const earlier = table.add(i);
        expect(earlier === -1 ? i : earlier).toBe(expected.get(caseKey(id)));
      });
      for (const id of [...ids.slice(0, 50), "missing", "L-1.9"]) expect(table.find(id)).toBe(expected.get(caseKey(id)) ?? -1);
    }
  });
});
