/**
 * What jsdom lacks and Fluent UI v9 uses: ResizeObserver (overflow, positioning) and
 * matchMedia (reduced-motion queries). Imported first by every pane test.
 */
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

export {};
