/**
 * The pane at the width a person actually gives it: 320 px, the narrowest task pane Excel
 * opens. The production build in Debian Chromium, file mode, the example plan: no word is
 * broken across lines on any view, money boxes line figures up on the right and show money
 * on leaving them, and what is left of the award stays on screen while typing. Screenshots
 * in test-artifacts/e2e (narrow-*.png).
 */
import type { Page } from "playwright-core";
import { screenshot } from "./harness";
import { allocationBox, contentWidth, exampleForAllTests, tab, waitValue } from "./panePage";

jest.setTimeout(90_000);

const WIDTH = 320;
const HEIGHT = 560;

const thePage = exampleForAllTests({ width: WIDTH, height: HEIGHT });

/**
 * Every word on the page that the browser laid out over more than one line: its text and
 * the line tops. A word is a run of letters, digits and money signs; a break after a
 * hyphen or slash is a break between words, not inside one.
 */
async function wordsBrokenAcrossLines(p: Page): Promise<string[]> {
  return p.evaluate(() => {
    const broken: string[] = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node !== null; node = walker.nextNode()) {
      const text = node.textContent ?? "";
      const parent = node.parentElement;
      if (parent === null || parent.closest("script, style, [hidden]") !== null) continue;
      if (parent.getClientRects().length === 0) continue;
      for (const match of text.matchAll(/[^\s\-–—/]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index ?? 0);
        range.setEnd(node, (match.index ?? 0) + match[0].length);
        const tops = [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0).map((r) => Math.round(r.top));
        const lines = new Set(tops.map((t) => Math.round(t / 4)));
        if (lines.size > 1) broken.push(`"${match[0]}" in <${parent.tagName.toLowerCase()} class="${parent.className}"> at tops ${tops.join(", ")}`);
      }
    }
    return broken;
  });
}

describe(`the pane at ${WIDTH} px`, () => {
  test.each(["Plan", "Allocate"] as const)("the %s view breaks no word across lines and nothing is wider than the pane", async (view) => {
    const p = thePage();
    await tab(p, view).click();
    if (view === "Allocate") await waitValue(allocationBox(p, "CRG-01"), "£119,000.00");
    await screenshot(p, `narrow-${view.toLowerCase()}`);
    expect(await wordsBrokenAcrossLines(p)).toEqual([]);
    expect(await contentWidth(p)).toBeLessThanOrEqual(WIDTH);
  });

  test("money boxes line up on the right and show money on leaving them; the headroom stays on screen while typing", async () => {
    const p = thePage();
    await tab(p, "Allocate").click();
    const box = allocationBox(p, "CRG-01");
    await waitValue(box, "£119,000.00");
    expect(await box.evaluate((el) => getComputedStyle(el).textAlign)).toMatch(/^(end|right)$/);

    await box.scrollIntoViewIfNeeded();
    await p.evaluate(() => window.scrollTo(0, 0));
    await box.click();
    await box.fill("120000");
    const headroom = p.getByText("Over-allocated by £1,000.00", { exact: true });
    await headroom.waitFor();
    const where = await headroom.boundingBox();
    const boxWhere = await box.boundingBox();
    expect(boxWhere).not.toBeNull();
    expect(where).not.toBeNull();
    // The box being typed in and the headroom are both inside the viewport.
    expect(boxWhere?.y ?? -1).toBeGreaterThanOrEqual(0);
    expect((where?.y ?? HEIGHT) + (where?.height ?? 0)).toBeLessThanOrEqual(HEIGHT);
    expect(where?.y ?? -1).toBeGreaterThanOrEqual(0);
    await screenshot(p, "narrow-headroom-while-typing", { fullPage: false });

    await p.keyboard.press("Tab");
    await waitValue(box, "£120,000.00");
    // Saved, so that the Checks view below has findings to lay out.
    await p.getByRole("button", { name: "Save allocations", exact: true }).click();
    await p.getByText("Save allocations: done", { exact: true }).waitFor();
  });

  test("the Checks view with findings breaks no word across lines and nothing is wider than the pane", async () => {
    const p = thePage();
    await tab(p, "Checks").click();
    await p.getByRole("button", { name: "Run checks", exact: true }).click();
    await p.getByRole("button", { name: /OVER_ALLOCATED/ }).waitFor();
    await screenshot(p, "narrow-checks");
    expect(await wordsBrokenAcrossLines(p)).toEqual([]);
    expect(await contentWidth(p)).toBeLessThanOrEqual(WIDTH);
  });
});
