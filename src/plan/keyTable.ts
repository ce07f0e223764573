/**
 * A lookup table for one table's IDs, matched whatever their case (two IDs match when
 * their case keys match, see `caseKey`), by row index.
 *
 * A large plan has tens of thousands of IDs and references; the checks look each one up
 * once or twice. An open-addressing table of row indexes over a typed array does that
 * several times faster than a `Map` of case keys (the bench's core section measures the
 * core), and gives the first row of a repeated ID in the same step. Plain ASCII IDs (nearly
 * all) are hashed with their letters folded to upper case as they are read, so no case key
 * is built for them. The hash is seeded at random for each table, so a file cannot be made
 * whose IDs all collide.
 */
import { caseKey } from "./text";

export class KeyTable {
  /** Row index + 1 of the ID in each slot; 0 for an empty slot. */
  private readonly slots: Int32Array;
  private readonly mask: number;
  private readonly seed: number;

  /** A table with room for `count` rows, whose IDs `idOf` gives ("" is never added). */
  constructor(
    count: number,
    private readonly idOf: (index: number) => string,
  ) {
    let capacity = 16;
    while (capacity < count * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    this.seed = (Math.random() * 0x1_0000_0000) | 0;
  }

  private hash(id: string): number {
    // FNV-1a from a random start over the case key's characters, then mixed so that the
    // low bits depend on every character.
    let h = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < id.length; i++) {
      let code = id.charCodeAt(i);
      if (code > 0x7f) return this.hashText(caseKey(id));
      if (code >= 0x61 && code <= 0x7a) code -= 0x20;
      h = Math.imul(h ^ code, 0x01000193);
    }
    return this.mix(h);
  }

  /** The hash of a case key that is not plain ASCII, character by character. */
  private hashText(key: string): number {
    let h = this.seed ^ 0x811c9dc5;
    for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
    return this.mix(h);
  }

  private mix(h: number): number {
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    return (h ^ (h >>> 12)) & this.mask;
  }

  /** The slot holding an ID that matches `id`, or the empty slot where it would go. */
  private slotOf(id: string): number {
    let slot = this.hash(id);
    for (;;) {
      const at = this.slots[slot] ?? 0;
      if (at === 0) return slot;
      const other = this.idOf(at - 1);
      if (other === id || caseKey(other) === caseKey(id)) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /**
   * Adds row `index`: -1 when its ID is new, otherwise the index of the first row with a
   * matching ID (which stays the one found).
   */
  add(index: number): number {
    const slot = this.slotOf(this.idOf(index));
    const at = this.slots[slot] ?? 0;
    if (at !== 0) return at - 1;
    this.slots[slot] = index + 1;
    return -1;
  }

  /** The first row index whose ID matches `id`, or -1. */
  find(id: string): number {
    if (id === "") return -1;
    return (this.slots[this.slotOf(id)] ?? 0) - 1;
  }
}
