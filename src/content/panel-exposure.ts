/**
 * Whether the panel is really in front of the admin where a click landed. The page's scripts can
 * restyle the panel's host from outside its shadow root: make it transparent over a decoy, hide,
 * blur, scale or mirror it, or slide something over it. A click on Restart counts only when the
 * host and its ancestors are drawn as they are (fully opaque, visible, no filter, blend, clip,
 * mask, transform or zoom) and the button is the top-most thing at the click point, in the
 * document and in the shadow root.
 *
 * Not seen: an element over the panel with `pointer-events: none` (hit testing skips it, as the
 * click does); see docs/security.md.
 */

export type ExposureProblem =
  /** The host or an ancestor is not drawn as it is (opacity, visibility, filters, transforms…). */
  | 'restyled'
  /** Something else is on top at the click point, or the point is not on the button. */
  | 'covered';

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** Properties whose every value but this one can hide or disguise what is drawn. */
const UNTOUCHED: readonly (readonly [string, readonly string[]])[] = [
  ['opacity', ['1']],
  ['filter', ['none']],
  ['backdrop-filter', ['none']],
  ['mix-blend-mode', ['normal']],
  ['clip-path', ['none']],
  ['mask-image', ['none']],
  ['transform', ['none']],
  ['translate', ['none']],
  ['scale', ['none']],
  ['rotate', ['none']],
  ['zoom', ['1', 'normal']],
];

/** Whether `element` is drawn as it is; a property the browser does not know counts as untouched. */
function drawnAsIs(style: CSSStyleDeclaration): boolean {
  return UNTOUCHED.every(([property, allowed]) => {
    const value = style.getPropertyValue(property).trim();
    return value === '' || allowed.includes(value);
  });
}

/** The host and every ancestor up to the root element. */
function hostAndAncestors(host: Element): Element[] {
  const chain: Element[] = [];
  for (let element: Element | null = host; element; element = element.parentElement) {
    chain.push(element);
  }
  return chain;
}

/** The middle of the button: where a keyboard activation is tested, having no point of its own. */
export function centreOf(element: Element): Point {
  const rect = element.getBoundingClientRect();
  return { x: rect.left + rect.width / 2, y: rect.top + rect.height / 2 };
}

/**
 * Why a click at `point` on `button`, inside `host`'s shadow root, is not one the admin could see,
 * or null when it is.
 */
export function exposureProblem(
  host: HTMLElement,
  button: Element,
  point: Point,
): ExposureProblem | null {
  const view = host.ownerDocument.defaultView;
  const root = host.shadowRoot;
  if (!view || !root) return 'covered';
  for (const element of hostAndAncestors(host)) {
    if (!drawnAsIs(view.getComputedStyle(element))) return 'restyled';
  }
  // Visibility is inherited: the host's and the button's own say whether either is drawn.
  for (const element of [host, button]) {
    const visibility = view.getComputedStyle(element).visibility;
    if (visibility === 'hidden' || visibility === 'collapse') return 'restyled';
  }
  const rect = button.getBoundingClientRect();
  const inside =
    point.x >= rect.left && point.x <= rect.right && point.y >= rect.top && point.y <= rect.bottom;
  if (!inside || rect.width === 0 || rect.height === 0) return 'covered';
  // The document sees the shadow tree as its host; the shadow root sees inside it.
  const [onTop] = host.ownerDocument.elementsFromPoint(point.x, point.y);
  if (onTop !== host) return 'covered';
  const [insideOnTop] = root.elementsFromPoint(point.x, point.y);
  if (!insideOnTop || !button.contains(insideOnTop)) return 'covered';
  return null;
}
