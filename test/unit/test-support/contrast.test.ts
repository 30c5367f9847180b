// The e2e theme checks' WCAG contrast, against pairs whose ratio is known.
import { describe, expect, it } from 'vitest';
import { contrast, luminance } from '../../e2e/support/contrast.ts';

const BLACK = 'rgb(0, 0, 0)';
const WHITE = 'rgb(255, 255, 255)';

describe('luminance', () => {
  it('runs from 0 for black to 1 for white', () => {
    expect(luminance(BLACK)).toBe(0);
    expect(luminance(WHITE)).toBeCloseTo(1, 10);
  });

  it('weighs green most and blue least, as the eye does', () => {
    expect(luminance('rgb(0, 255, 0)')).toBeCloseTo(0.7152, 4);
    expect(luminance('rgb(255, 0, 0)')).toBeCloseTo(0.2126, 4);
    expect(luminance('rgb(0, 0, 255)')).toBeCloseTo(0.0722, 4);
  });

  it('reads rgba() and ignores its alpha', () => {
    expect(luminance('rgba(255, 255, 255, 0.5)')).toBeCloseTo(luminance(WHITE), 10);
  });
});

describe('contrast', () => {
  it('is 21 for black on white, in either order', () => {
    expect(contrast(BLACK, WHITE)).toBeCloseTo(21, 10);
    expect(contrast(WHITE, BLACK)).toBeCloseTo(21, 10);
  });

  it('is 1 for a colour on itself', () => {
    expect(contrast('rgb(37, 99, 235)', 'rgb(37, 99, 235)')).toBe(1);
  });

  it('gives the known ratios of mid greys: #777 on white just misses 4.5, #767676 just passes', () => {
    expect(contrast('rgb(119, 119, 119)', WHITE)).toBeCloseTo(4.48, 2);
    expect(contrast('rgb(118, 118, 118)', WHITE)).toBeCloseTo(4.54, 2);
  });
});
