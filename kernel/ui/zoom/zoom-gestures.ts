/**
 * The arithmetic of the card-face zoom, as the iOS manual's 券面画像拡大表示画面 (§6) specifies it: pinch between
 * 1.0× and 5.0×, double-tap to 2.0× below 2.0× and back to 1.0× from 2.0× up, drag to move a zoomed image.
 * Coordinates are CSS pixels relative to the centre of the viewport; the content is centred in it and scales
 * about its own centre, then moves by (x, y).
 */
export const ZOOM_LIMITS = { min: 1, max: 5, doubleTap: 2 } as const;

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface ZoomState extends Point {
  readonly scale: number;
}

export const UNZOOMED: ZoomState = { scale: 1, x: 0, y: 0 };

export function clampScale(scale: number): number {
  if (!Number.isFinite(scale)) return ZOOM_LIMITS.min;
  return Math.min(ZOOM_LIMITS.max, Math.max(ZOOM_LIMITS.min, scale));
}

/** The scale while two fingers move apart or together, relative to where the pinch started. */
export function pinchScale(startScale: number, startDistance: number, distance: number): number {
  if (startDistance <= 0) return clampScale(startScale);
  return clampScale((startScale * distance) / startDistance);
}

/** Double-tap: below 2.0× goes to 2.0×, 2.0× and above back to 1.0×. */
export function doubleTapScale(scale: number): number {
  return scale < ZOOM_LIMITS.doubleTap ? ZOOM_LIMITS.doubleTap : ZOOM_LIMITS.min;
}

/** Changes the scale keeping the content point under `focus` (a finger, the cursor) where it is. */
export function zoomAt(state: ZoomState, scale: number, focus: Point): ZoomState {
  const ratio = scale / state.scale;
  return { scale, x: focus.x - (focus.x - state.x) * ratio, y: focus.y - (focus.y - state.y) * ratio };
}

/**
 * Keeps the viewport covered: a zoomed image moves only as far as its edges allow, and an image that fits
 * stays centred. `content` is the unscaled size of the content.
 */
export function clampPan(state: ZoomState, viewport: Size, content: Size): ZoomState {
  const limit = (contentLength: number, viewportLength: number) => Math.max(0, (contentLength * state.scale - viewportLength) / 2);
  // `|| 0` turns -0 into 0.
  const clamp = (value: number, max: number) => Math.min(max, Math.max(-max, value)) || 0;
  return { scale: state.scale, x: clamp(state.x, limit(content.width, viewport.width)), y: clamp(state.y, limit(content.height, viewport.height)) };
}

export function distance(a: Point, b: Point): number {
  return Math.hypot(a.x - b.x, a.y - b.y);
}

export function midpoint(a: Point, b: Point): Point {
  return { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
}

export interface Tap extends Point {
  /** Milliseconds, as event timestamps are. */
  readonly time: number;
}

export const TAP_LIMITS = { maxMovement: 10, maxDuration: 500, doubleTapInterval: 350, doubleTapDistance: 40 } as const;

/** Two taps close enough in time and place to be one double-tap. */
export function isDoubleTap(previous: Tap | undefined, tap: Tap): boolean {
  return (
    previous !== undefined &&
    tap.time - previous.time <= TAP_LIMITS.doubleTapInterval &&
    distance(previous, tap) <= TAP_LIMITS.doubleTapDistance
  );
}

/** Mouse-wheel zoom: a notch (deltaY 100) changes the scale by about 16 %. */
export function wheelScale(scale: number, deltaY: number): number {
  return clampScale(scale * Math.exp(-deltaY * 0.0015));
}
