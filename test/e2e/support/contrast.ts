/**
 * WCAG 2 contrast of two computed CSS colours, for the e2e checks that a theme stays readable
 * (https://www.w3.org/TR/WCAG21/#dfn-contrast-ratio).
 */

/** WCAG contrast ratio of two CSS colours: 1 (none) to 21 (black on white), in either order. */
export function contrast(a: string, b: string): number {
  const [lighter, darker] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (lighter + 0.05) / (darker + 0.05);
}

/**
 * Relative luminance (0 black … 1 white) of a CSS `rgb()`/`rgba()` colour, as getComputedStyle
 * gives it; the alpha is ignored.
 */
export function luminance(colour: string): number {
  const [red = 0, green = 0, blue = 0] = (colour.match(/\d+(\.\d+)?/g) ?? []).map(Number);
  const channel = (value: number) => {
    const scaled = value / 255;
    return scaled <= 0.039_28 ? scaled / 12.92 : ((scaled + 0.055) / 1.055) ** 2.4;
  };
  return 0.2126 * channel(red) + 0.7152 * channel(green) + 0.0722 * channel(blue);
}
