/**
 * Synthetic plans of any size for tests and benchmarks: whole-penny allocations that
 * add up exactly to each grant's award, four measures per line.
 */
import { allocate, money, type Money, sum } from "../../src/plan/money";
import type { GrantInput, LineInput, MeasureInput, PlanData } from "../../src/plan/template";

/** A small deterministic pseudo-random generator so every run builds the same plan. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatePlan(lineCount: number, measuresPerLine = 4, grantCount = 10, seed = 2020): PlanData {
  const random = seededRandom(seed);
  const grants: GrantInput[] = [];
  const lines: LineInput[] = [];
  const measures: MeasureInput[] = [];
  for (let g = 0; g < grantCount; g++) {
    const grantId = `G${String(g + 1).padStart(2, "0")}`;
    const count = Math.floor(lineCount / grantCount) + (g < lineCount % grantCount ? 1 : 0);
    const weights = Array.from({ length: count }, () => 1 + Math.floor(random() * 1000));
    const award = money(`${count * 5000 + Math.floor(random() * 100000)}.${String(Math.floor(random() * 100)).padStart(2, "0")}`);
    const shares: Money[] = count > 0 ? allocate(award, weights) : [];
    grants.push({
      id: grantId,
      name: `Grant ${g + 1}`,
      funder: "Police and Crime Commissioner",
      year: "2020/21",
      award: (count > 0 ? sum(shares) : award).toFixed(2),
      eligibleAreas: [],
      notes: "",
    });
    shares.forEach((share, i) => {
      const lineId = `${grantId}-${String(i + 1).padStart(4, "0")}`;
      lines.push({
        id: lineId,
        grantId,
        theme: `Theme ${(i % 7) + 1}`,
        activity: `Activity ${i + 1} of ${grantId}`,
        lead: `Partner ${(i % 13) + 1}`,
        allocation: share.toFixed(2),
        isReserve: false,
        priorityAreas: [],
        outcomes: "Outcomes agreed with the partnership.",
        notes: "",
      });
      for (let m = 0; m < measuresPerLine; m++) {
        measures.push({
          id: `${lineId}.${m + 1}`,
          lineId,
          description: `Measure ${m + 1}`,
          kind: "count",
          target: 10 + Math.floor(random() * 500),
          unit: "sessions",
          baseline: null,
          notes: "",
        });
      }
    });
  }
  return { grants, lines, measures };
}
