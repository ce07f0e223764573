import { generatePlan } from "../support/generate";
import { checked, memoryPlan, planFindings } from "../support/plans";

describe("the synthetic plan generator used by benchmarks", () => {
  it("builds the requested sizes and balances every grant exactly", async () => {
    const data = generatePlan(250, 4, 7);
    expect(data.lines).toHaveLength(250);
    expect(data.measures).toHaveLength(1000);
    const { findings } = await checked(await memoryPlan(data));
    // The generated plan has no quarterly returns (the returns checks have their own tests).
    expect(planFindings(findings)).toEqual([]);
  });

  it("is deterministic for a seed", () => {
    expect(generatePlan(30, 1, 3, 7)).toEqual(generatePlan(30, 1, 3, 7));
    expect(generatePlan(30, 1, 3, 7)).not.toEqual(generatePlan(30, 1, 3, 8));
  });
});
