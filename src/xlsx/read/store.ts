/**
 * Compact stores for what the sheet pass keeps. They grow without leaving large garbage
 * behind: a plan of 50,000 lines keeps a quarter of a million rows and over a million
 * shared-string cells, and a map or array that doubles as it grows would leave each
 * outgrown copy in the heap until the next full collection.
 */

/** Values by sheet row, in a plain array from the first row a region can hold. */
export class RowStore<T> {
  private readonly items: (T | undefined)[] = [];
  private count = 0;

  constructor(private readonly origin: number) {}

  get size(): number {
    return this.count;
  }

  get(row: number): T | undefined {
    return row < this.origin ? undefined : this.items[row - this.origin];
  }

  set(row: number, value: T): void {
    if (row < this.origin) return;
    if (this.items[row - this.origin] === undefined) this.count++;
    this.items[row - this.origin] = value;
  }

  delete(row: number): void {
    if (this.get(row) === undefined) return;
    this.items[row - this.origin] = undefined;
    this.count--;
  }

  /** The rows held, in ascending order, with their values. */
  entries(): [number, T][] {
    const found: [number, T][] = [];
    this.items.forEach((value, i) => {
      if (value !== undefined) found.push([i + this.origin, value]);
    });
    return found;
  }
}

const BLOCK = 3 * 8192;

/**
 * Cells that hold shared strings, until the shared strings are read: (sheet row, column in
 * the kept row, string index) triples in fixed blocks of 32-bit integers.
 */
export class SharedCells {
  private readonly blocks: Int32Array[] = [];
  private used = BLOCK;

  push(row: number, column: number, index: number): void {
    if (this.used === BLOCK) {
      this.blocks.push(new Int32Array(BLOCK));
      this.used = 0;
    }
    const block = this.blocks[this.blocks.length - 1];
    if (block === undefined) return;
    block[this.used] = row;
    block[this.used + 1] = column;
    block[this.used + 2] = index;
    this.used += 3;
  }

  forEach(visit: (row: number, column: number, index: number) => void): void {
    this.blocks.forEach((block, b) => {
      const end = b === this.blocks.length - 1 ? this.used : BLOCK;
      for (let i = 0; i < end; i += 3) visit(block[i] ?? 0, block[i + 1] ?? 0, block[i + 2] ?? 0);
    });
  }

  /** The first cell that holds string `index`, or null. */
  find(index: number): { row: number; column: number } | null {
    let found: { row: number; column: number } | null = null;
    this.forEach((row, column, i) => {
      if (found === null && i === index) found = { row, column };
    });
    return found;
  }
}

/** Shared string indices up to this are kept as bits (2 MB at most); a larger one, which no real file holds, in a set. */
const MAX_BIT_INDEX = 1 << 24;

/**
 * The shared strings the plan's cells use, by index. A plan of 50,000 lines uses some
 * 300,000 strings: as bits they take 40 KB, where a set of numbers took some 10 MB, and
 * more again in the outgrown tables it left behind as it grew.
 */
export class WantedStrings {
  private bits = new Uint8Array(1024);
  private readonly far = new Set<number>();
  private count = 0;
  private highest = -1;

  /** How many different indices were added. */
  get size(): number {
    return this.count;
  }

  /** The highest index added, or -1. */
  get last(): number {
    return this.highest;
  }

  add(index: number): void {
    if (index > this.highest) this.highest = index;
    if (index >= MAX_BIT_INDEX) {
      if (!this.far.has(index)) this.count++;
      this.far.add(index);
      return;
    }
    const at = index >>> 3;
    if (at >= this.bits.length) {
      let length = this.bits.length;
      while (length <= at) length *= 2;
      const grown = new Uint8Array(length);
      grown.set(this.bits);
      this.bits = grown;
    }
    const bit = 1 << (index & 7);
    const byte = this.bits[at] ?? 0;
    if ((byte & bit) === 0) {
      this.bits[at] = byte | bit;
      this.count++;
    }
  }

  has(index: number): boolean {
    if (index < 0) return false;
    if (index >= MAX_BIT_INDEX) return this.far.has(index);
    return ((this.bits[index >>> 3] ?? 0) & (1 << (index & 7))) !== 0;
  }
}
