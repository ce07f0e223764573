/**
 * What jsdom lacks and Fluent UI v9 uses: ResizeObserver (overflow, positioning) and
 * matchMedia (reduced-motion queries). Imported first by every pane test.
 *
 * Role queries skip jsdom's computed-style visibility check (`defaultHidden`): it walks
 * every ancestor's styles for every element and made each pane test take seconds on a
 * busy machine. The pane hides nothing it renders, so this finds the same elements.
 */
import { TextDecoder, TextEncoder } from "node:util";
import { DecompressionStream, ReadableStream, TransformStream, WritableStream } from "node:stream/web";
import { configure } from "@testing-library/react";

// findBy / waitFor wait up to 10 s (not 1 s): a write and re-read can take that long on a
// busy 2-core machine; a test that passes waits only as long as the pane takes.
configure({ defaultHidden: true, asyncUtilTimeout: 10_000 });

/**
 * What browsers have and jsdom does not, which file mode's .xlsx reader uses to unpack a
 * file (`DecompressionStream` and the streams it is built on, `TextDecoder`): Node's own.
 */
const platform: Record<string, unknown> = { TextDecoder, TextEncoder, DecompressionStream, ReadableStream, TransformStream, WritableStream };
for (const [name, value] of Object.entries(platform)) {
  if (!(name in globalThis)) Object.defineProperty(globalThis, name, { value, writable: true, configurable: true });
}

class NoResizeObserver {
  observe(): void {}
  unobserve(): void {}
  disconnect(): void {}
}

if (typeof window !== "undefined") {
  if (!("ResizeObserver" in window)) {
    Object.defineProperty(window, "ResizeObserver", { value: NoResizeObserver, writable: true, configurable: true });
  }
  if (typeof window.matchMedia !== "function") {
    Object.defineProperty(window, "matchMedia", {
      writable: true,
      configurable: true,
      value: (query: string): MediaQueryList => {
        const list: MediaQueryList = {
          matches: false,
          media: query,
          onchange: null,
          addListener: () => undefined,
          removeListener: () => undefined,
          addEventListener: () => undefined,
          removeEventListener: () => undefined,
          dispatchEvent: () => false,
        };
        return list;
      },
    });
  }
}

/**
 * jsdom works out an element's computed style by matching it against every CSS rule on
 * the page, and Fluent UI's styles are thousands of rules; testing-library asks for the
 * style of every node it visits while it names an element for a role query. Profiled, that
 * was most of a pane test's time. The answers are kept until the DOM next changes (any
 * mutation, seen synchronously through `takeRecords`), so a query between two changes
 * asks jsdom once per element. New style rules only ever come with new elements or classes,
 * which are DOM changes too.
 */
if (typeof window !== "undefined" && typeof MutationObserver !== "undefined") {
  const computed = window.getComputedStyle.bind(window);
  let styles = new WeakMap<Element, CSSStyleDeclaration>();
  const changes = new MutationObserver(() => {
    styles = new WeakMap();
  });
  changes.observe(document, { subtree: true, childList: true, attributes: true, characterData: true });
  const cached = (element: Element, pseudo?: string | null): CSSStyleDeclaration => {
    if (pseudo !== undefined && pseudo !== null && pseudo !== "") return computed(element, pseudo);
    if (changes.takeRecords().length > 0) styles = new WeakMap();
    const known = styles.get(element);
    if (known !== undefined) return known;
    const style = computed(element);
    styles.set(element, style);
    return style;
  };
  Object.defineProperty(window, "getComputedStyle", { value: cached, writable: true, configurable: true });
}

export {};
