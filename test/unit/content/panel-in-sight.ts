/**
 * Layout for the panel in a DOM without one (happy-dom): places a button of the panel at a
 * rectangle and answers hit tests as a browser would, the panel on top there. `cover` puts
 * something else on top, as a page's decoy would.
 */
export interface Placement {
  /** The button's middle, where a person's pointer lands. */
  readonly x: number;
  readonly y: number;
  /** Something of the page on top of the panel at the button (hit tests see it first). */
  cover(element: Element): void;
}

export function placeInSight(host: HTMLElement, button: Element): Placement {
  const rect = { left: 100, top: 200, width: 120, height: 30 };
  const inside = (x: number, y: number) =>
    x >= rect.left && x <= rect.left + rect.width && y >= rect.top && y <= rect.top + rect.height;
  button.getBoundingClientRect = () => ({
    ...rect,
    right: rect.left + rect.width,
    bottom: rect.top + rect.height,
    x: rect.left,
    y: rect.top,
    toJSON: () => rect,
  });
  let coveredBy: Element | null = null;
  const doc = host.ownerDocument;
  const below = [doc.body, doc.documentElement];
  doc.elementsFromPoint = (x, y) => {
    if (!inside(x, y)) return below;
    return coveredBy ? [coveredBy, host, ...below] : [host, ...below];
  };
  const root = host.shadowRoot;
  if (root) {
    root.elementsFromPoint = (x, y) => {
      if (!inside(x, y)) return below;
      return coveredBy ? [coveredBy, host, ...below] : [button, host, ...below];
    };
  }
  return {
    x: rect.left + rect.width / 2,
    y: rect.top + rect.height / 2,
    cover(element) {
      coveredBy = element;
    },
  };
}
