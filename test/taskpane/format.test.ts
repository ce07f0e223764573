import { money } from "../../src/plan/money";
import { allocatedShare, cellReference, financialYearSpan, headroomText, unallocatedText } from "../../src/taskpane/format";

describe("pane wording", () => {
  it("spells out over-allocation", () => {
    expect(unallocatedText(money("12000"))).toBe("£12,000.00");
    expect(unallocatedText(money("0"))).toBe("£0.00");
    expect(unallocatedText(money("-1000"))).toBe("over-allocated by £1,000.00");
    expect(headroomText(money("0.01"))).toBe("Unallocated £0.01");
    expect(headroomText(money("-1000"))).toBe("Over-allocated by £1,000.00");
  });

  it("gives progress as a capped value and in words", () => {
    expect(allocatedShare(money("166000"), money("332000"))).toEqual({ value: 0.5, text: "£166,000.00 of £332,000.00 allocated (50%)" });
    expect(allocatedShare(money("333000"), money("332000")).value).toBe(1);
    expect(allocatedShare(money("0"), money("0")).value).toBe(0);
    expect(allocatedShare(money("10"), null).text).toBe("£10.00 allocated; the award is not an amount");
  });

  it("writes financial years and cell references the UK / Excel way", () => {
    expect(financialYearSpan("2020/21")).toBe("01/04/2020 – 31/03/2021");
    expect(financialYearSpan("2020")).toBeNull();
    expect(cellReference("Lines", "F2")).toBe("Lines!F2");
    expect(cellReference("Grant Planner settings", "B2")).toBe("'Grant Planner settings'!B2");
    expect(cellReference("", "A1")).toBe("A1");
  });
});
