import { describe, expect, it } from 'vitest';
import {
  clampPan,
  clampScale,
  doubleTapScale,
  isDoubleTap,
  pinchScale,
  UNZOOMED,
  wheelScale,
  zoomAt,
  ZOOM_LIMITS,
} from '../../kernel/ui/zoom/zoom-gestures';

describe('zoom gestures (iOS manual §6: 券面画像拡大表示画面)', () => {
  it('keeps the scale between 1.0× and 5.0×', () => {
    expect(ZOOM_LIMITS).toEqual({ min: 1, max: 5, doubleTap: 2 });
    expect([0.2, 1, 3.3, 5, 12, Number.NaN, Number.POSITIVE_INFINITY].map(clampScale)).toEqual([1, 1, 3.3, 5, 5, 1, 1]);
  });

  it('pinches in proportion to the distance between the fingers, within the limits', () => {
    expect(pinchScale(1, 100, 250)).toBe(2.5);
    expect(pinchScale(2, 200, 100)).toBe(1);
    expect(pinchScale(1, 100, 50)).toBe(1);
    expect(pinchScale(3, 100, 300)).toBe(5);
    expect(pinchScale(2, 0, 300)).toBe(2);
  });

  it('double-tap: below 2.0× goes to 2.0×, from 2.0× up back to 1.0×', () => {
    expect([1, 1.5, 1.99, 2, 3, 5].map(doubleTapScale)).toEqual([2, 2, 2, 1, 1, 1]);
  });

  it('recognises two taps close in time and place as a double-tap', () => {
    const first = { x: 10, y: 10, time: 1000 };
    expect(isDoubleTap(undefined, first)).toBe(false);
    expect(isDoubleTap(first, { x: 14, y: 12, time: 1200 })).toBe(true);
    expect(isDoubleTap(first, { x: 14, y: 12, time: 1400 })).toBe(false);
    expect(isDoubleTap(first, { x: 80, y: 10, time: 1100 })).toBe(false);
  });

  it('zooms about the focus point: the content under the finger stays under it', () => {
    const zoomed = zoomAt(UNZOOMED, 2, { x: 100, y: -50 });
    expect(zoomed).toEqual({ scale: 2, x: -100, y: 50 });
    // The content point that was under the focus (100, -50) at 1.0× is there again at 2.0×.
    expect({ x: zoomed.x + 2 * 100, y: zoomed.y + 2 * -50 }).toEqual({ x: 100, y: -50 });
    expect(zoomAt(zoomed, 1, { x: 0, y: 0 })).toEqual({ scale: 1, x: -50, y: 25 });
  });

  it('moves a zoomed image only as far as its edges, and keeps an unzoomed one centred', () => {
    const viewport = { width: 1000, height: 600 };
    const content = { width: 800, height: 500 };
    expect(clampPan({ scale: 1, x: 300, y: -200 }, viewport, content)).toEqual({ scale: 1, x: 0, y: 0 });
    // At 2.0× the content is 1600 × 1000: 300 px of slack each side horizontally, 200 px vertically.
    expect(clampPan({ scale: 2, x: 500, y: -500 }, viewport, content)).toEqual({ scale: 2, x: 300, y: -200 });
    expect(clampPan({ scale: 2, x: -120, y: 80 }, viewport, content)).toEqual({ scale: 2, x: -120, y: 80 });
  });

  it('zooms by the mouse wheel, within the limits', () => {
    expect(wheelScale(1, -100)).toBeCloseTo(1.162, 3);
    expect(wheelScale(1, 100)).toBe(1);
    expect(wheelScale(5, -100)).toBe(5);
  });
});
