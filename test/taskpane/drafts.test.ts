import { money } from "../../src/plan/money";
import { type DraftLine, pruneDrafts, reviewDrafts } from "../../src/taskpane/drafts";
import { reviewSplit } from "../../src/taskpane/split";

const line = (id: string, allocation: string | null): DraftLine => ({
  id,
  activity: `Activity ${id}`,
  theme: "",
  allocation: allocation === null ? null : money(allocation),
  isReserve: false,
});
const LINES = [line("A-01", "100.00"), line("A-02", "50.00"), line("A-03", null)];

describe("allocation drafts", () => {
  it("edits only lines whose amount changed, and works out exact headroom", () => {
    const review = reviewDrafts(LINES, money("200"), { "A-01": "£100", "A-02": "60.10" });
    expect(review.edits.map((e) => [e.lineId, e.amount.toString()])).toEqual([["A-02", "60.1"]]);
    expect(review.headroom?.toFixed(2)).toBe("39.90");
    expect(review.rows.map((r) => r.text)).toEqual(["£100", "60.10", ""]);
  });

  it("has no headroom while an entry is invalid", () => {
    const review = reviewDrafts(LINES, money("200"), { "A-03": "0.001" });
    expect(review.invalidCount).toBe(1);
    expect(review.headroom).toBeNull();
    expect(review.edits).toEqual([]);
  });

  it("forgets saved and vanished entries, keeps unsaved ones", () => {
    const drafts = { "A-01": "100", "A-02": "75", "Z-99": "1" };
    expect(pruneDrafts(LINES, drafts)).toEqual({ "A-02": "75" });
    const same = { "A-02": "75" };
    expect(pruneDrafts(LINES, same)).toBe(same);
  });
});

describe("split helper", () => {
  it("shares equally to the penny", () => {
    const review = reviewSplit({ totalText: "100", lineIds: ["a", "b", "c"], mode: "equal", weightTexts: {} });
    expect(review.shares?.map((s) => s.amount.toFixed(2))).toEqual(["33.34", "33.33", "33.33"]);
    expect(review.shareSum?.toFixed(2)).toBe("100.00");
  });

  it("says what is missing before it can preview", () => {
    expect(reviewSplit({ totalText: "", lineIds: ["a"], mode: "equal", weightTexts: {} }).blocker).toBe("Enter the amount to split.");
    expect(reviewSplit({ totalText: "10", lineIds: [], mode: "equal", weightTexts: {} }).blocker).toBe("Choose at least one line to share it.");
    expect(reviewSplit({ totalText: "10", lineIds: ["a"], mode: "weights", weightTexts: { a: "x" } }).blocker).toBe("Correct the weights.");
    expect(reviewSplit({ totalText: "10", lineIds: ["a"], mode: "weights", weightTexts: { a: "0" } }).blocker).toBe("At least one weight must be more than 0.");
  });
});
