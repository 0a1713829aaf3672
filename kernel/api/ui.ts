import type { ComponentType } from 'preact';
import type { CardReadResult } from './card';

export interface ResultPanelProps {
  readonly result: CardReadResult;
}

export interface ViewProps {
  /** The result of the current session, when the view was opened from a result screen. */
  readonly result?: CardReadResult;
  /** Asks the shell to leave the view (back to where it was opened from). */
  readonly close: () => void;
}

export type ResultPanelComponent = ComponentType<ResultPanelProps>;
export type ViewComponent = ComponentType<ViewProps>;

// Shared UI primitives for plugins' panels and views.
export { CardImageCanvas, type CardImageCanvasProps } from '../ui/card-image-canvas';
export { ZoomView, type ZoomViewProps } from '../ui/zoom/zoom-view';
export { ZOOM_LIMITS } from '../ui/zoom/zoom-gestures';
