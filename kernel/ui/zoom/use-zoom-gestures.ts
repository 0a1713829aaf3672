import type { RefObject } from 'preact';
import { useRef, useState } from 'preact/hooks';
import {
  clampPan,
  distance,
  doubleTapScale,
  isDoubleTap,
  midpoint,
  pinchScale,
  TAP_LIMITS,
  UNZOOMED,
  wheelScale,
  zoomAt,
  type Point,
  type Tap,
  type ZoomState,
} from './zoom-gestures';

type Gesture =
  | { readonly kind: 'none' }
  | { readonly kind: 'drag'; readonly start: Point; readonly from: ZoomState; readonly time: number; moved: boolean }
  | { readonly kind: 'pinch'; readonly startDistance: number; readonly startMidpoint: Point; readonly from: ZoomState };

export interface ZoomGestureHandlers {
  readonly onPointerDown: (event: PointerEvent) => void;
  readonly onPointerMove: (event: PointerEvent) => void;
  readonly onPointerUp: (event: PointerEvent) => void;
  readonly onPointerCancel: (event: PointerEvent) => void;
  readonly onWheel: (event: WheelEvent) => void;
}

/**
 * Pointer events (touch, pen and mouse alike) to a zoom state: two pointers pinch about their midpoint, one
 * pointer drags a zoomed image, two quick taps toggle 2.0× / 1.0× about the tap, the wheel zooms about the
 * cursor. `stage` is the viewport; `content` the element that is transformed (its layout size is unscaled).
 */
export function useZoomGestures(stage: RefObject<HTMLElement>, content: RefObject<HTMLElement>) {
  const [zoom, setZoomState] = useState<ZoomState>(UNZOOMED);
  const current = useRef(zoom);
  const pointers = useRef(new Map<number, Point>());
  const gesture = useRef<Gesture>({ kind: 'none' });
  const lastTap = useRef<Tap | undefined>(undefined);

  const setZoom = (next: ZoomState) => {
    const viewport = stage.current;
    const box = content.current;
    const clamped = viewport && box ? clampPan(next, { width: viewport.clientWidth, height: viewport.clientHeight }, { width: box.offsetWidth, height: box.offsetHeight }) : next;
    current.current = clamped;
    setZoomState(clamped);
  };

  /** A pointer's position relative to the centre of the stage. */
  const relative = (event: { clientX: number; clientY: number }): Point => {
    const rect = stage.current?.getBoundingClientRect();
    return rect ? { x: event.clientX - (rect.left + rect.width / 2), y: event.clientY - (rect.top + rect.height / 2) } : { x: event.clientX, y: event.clientY };
  };

  const startGesture = (time: number) => {
    const [first, second] = [...pointers.current.values()];
    if (first && second) {
      gesture.current = { kind: 'pinch', startDistance: distance(first, second), startMidpoint: midpoint(first, second), from: current.current };
    } else if (first) {
      gesture.current = { kind: 'drag', start: first, from: current.current, time, moved: false };
    } else {
      gesture.current = { kind: 'none' };
    }
  };

  const onTap = (tap: Tap) => {
    if (isDoubleTap(lastTap.current, tap)) {
      lastTap.current = undefined;
      setZoom(zoomAt(current.current, doubleTapScale(current.current.scale), tap));
    } else {
      lastTap.current = tap;
    }
  };

  const handlers: ZoomGestureHandlers = {
    onPointerDown(event) {
      if (event.pointerType === 'mouse' && event.button !== 0) return;
      event.preventDefault();
      capturePointer(event);
      pointers.current.set(event.pointerId, relative(event));
      // A second finger turns a drag into a pinch; it is no longer a tap either.
      if (gesture.current.kind === 'drag') lastTap.current = undefined;
      startGesture(event.timeStamp);
    },
    onPointerMove(event) {
      if (!pointers.current.has(event.pointerId)) return;
      const point = relative(event);
      pointers.current.set(event.pointerId, point);
      const active = gesture.current;
      if (active.kind === 'pinch') {
        const [first, second] = [...pointers.current.values()];
        if (!first || !second) return;
        const middle = midpoint(first, second);
        const scaled = zoomAt(active.from, pinchScale(active.from.scale, active.startDistance, distance(first, second)), active.startMidpoint);
        setZoom({ scale: scaled.scale, x: scaled.x + middle.x - active.startMidpoint.x, y: scaled.y + middle.y - active.startMidpoint.y });
      } else if (active.kind === 'drag') {
        const dx = point.x - active.start.x;
        const dy = point.y - active.start.y;
        if (Math.hypot(dx, dy) > TAP_LIMITS.maxMovement) active.moved = true;
        if (active.moved) setZoom({ scale: active.from.scale, x: active.from.x + dx, y: active.from.y + dy });
      }
    },
    onPointerUp(event) {
      if (!pointers.current.has(event.pointerId)) return;
      const active = gesture.current;
      const point = relative(event);
      pointers.current.delete(event.pointerId);
      if (active.kind === 'drag' && !active.moved && event.timeStamp - active.time <= TAP_LIMITS.maxDuration) {
        onTap({ ...point, time: event.timeStamp });
      }
      startGesture(event.timeStamp);
      // The finger left on the glass after a pinch drags on; lifting it is not a tap.
      if (active.kind === 'pinch' && gesture.current.kind === 'drag') gesture.current.moved = true;
    },
    onPointerCancel(event) {
      pointers.current.delete(event.pointerId);
      lastTap.current = undefined;
      startGesture(event.timeStamp);
    },
    onWheel(event) {
      event.preventDefault();
      setZoom(zoomAt(current.current, wheelScale(current.current.scale, event.deltaY), relative(event)));
    },
  };

  return { zoom, handlers };
}

/** Keeps a drag going when the pointer leaves the stage. A pointer the browser no longer knows cannot be captured. */
function capturePointer(event: PointerEvent): void {
  try {
    (event.currentTarget as Element | null)?.setPointerCapture?.(event.pointerId);
  } catch {
    // Nothing to keep: the pointer is already gone.
  }
}
