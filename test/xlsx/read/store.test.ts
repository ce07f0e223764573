/** The compact stores of the sheet pass. */
import { WantedStrings } from "../../../src/xlsx/read/store";

describe("WantedStrings", () => {
  it("counts each index once and knows the highest, growing past its first size", () => {
    const wanted = new WantedStrings();
    expect(wanted.size).toBe(0);
    expect(wanted.last).toBe(-1);
    for (const index of [5, 0, 5, 300_000, 8191, 8192, 0]) wanted.add(index);
    expect(wanted.size).toBe(5);
    expect(wanted.last).toBe(300_000);
    for (const index of [0, 5, 8191, 8192, 300_000]) expect(wanted.has(index)).toBe(true);
    for (const index of [-1, 1, 4, 6, 8190, 8193, 299_999, 300_001, 10_000_000]) expect(wanted.has(index)).toBe(false);
  });

  it("keeps an index as large as a file may name (2^31 - 1) without a table that large", () => {
    const wanted = new WantedStrings();
    wanted.add(0x7fffffff);
    wanted.add(0x7fffffff);
    wanted.add(1 << 24);
    wanted.add(3);
    expect(wanted.size).toBe(3);
    expect(wanted.last).toBe(0x7fffffff);
    expect(wanted.has(0x7fffffff)).toBe(true);
    expect(wanted.has(1 << 24)).toBe(true);
    expect(wanted.has((1 << 24) - 1)).toBe(false);
    expect(wanted.has(0x7ffffffe)).toBe(false);
    expect(wanted.has(3)).toBe(true);
  });

  it("holds 300,000 indices, as many as a 50,000-line plan uses", () => {
    const wanted = new WantedStrings();
    for (let i = 0; i < 300_000; i += 1) wanted.add(i * 2);
    expect(wanted.size).toBe(300_000);
    expect(wanted.has(599_998)).toBe(true);
    expect(wanted.has(599_997)).toBe(false);
    expect(wanted.last).toBe(599_998);
  });
});
