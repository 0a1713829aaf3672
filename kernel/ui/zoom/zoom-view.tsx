import type { ComponentChildren } from 'preact';
import { useRef } from 'preact/hooks';
import { useFocusTrap } from '../use-focus-trap';
import { useZoomGestures } from './use-zoom-gestures';

export interface ZoomViewProps {
  /** The dialog's accessible name, e.g. "券面画像拡大表示". */
  readonly title: string;
  /** Text of the close button, e.g. "閉じる". */
  readonly closeLabel: string;
  /** A short instruction shown under the image (pinch, double-tap, drag); optional. */
  readonly hint?: string;
  /** Width ÷ height of the content, so that it fits the screen whole at 1.0×. */
  readonly aspectRatio: number;
  readonly onClose: () => void;
  readonly children: ComponentChildren;
}

/**
 * A full-screen view to look closely at an image (the iOS manual's 券面画像拡大表示画面): pinch 1.0×–5.0×,
 * double-tap 2.0× / 1.0×, drag when zoomed, mouse wheel; a large close button and Escape close it, and focus
 * stays inside while it is open. The page lockdown lets pinches through only inside `[data-allow-pinch]`.
 * The current scale is on the stage as `data-scale`.
 */
export function ZoomView({ title, closeLabel, hint, aspectRatio, onClose, children }: ZoomViewProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const stage = useRef<HTMLDivElement>(null);
  const content = useRef<HTMLDivElement>(null);
  const trapFocus = useFocusTrap(dialog);
  const { zoom, handlers } = useZoomGestures(stage, content);

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      onClose();
      return;
    }
    trapFocus(event);
  };

  return (
    <div class="zoom-view" role="dialog" aria-modal="true" aria-label={title} ref={dialog} onKeyDown={onKeyDown} data-testid="zoom-view">
      <div class="zoom-view-stage" ref={stage} data-allow-pinch="true" data-scale={String(Math.round(zoom.scale * 100) / 100)} data-testid="zoom-stage" {...handlers}>
        <div
          class="zoom-view-content"
          ref={content}
          style={{ '--zoom-aspect-ratio': String(aspectRatio), transform: `translate(${zoom.x}px, ${zoom.y}px) scale(${zoom.scale})` }}
        >
          {children}
        </div>
      </div>
      {hint && <p class="zoom-view-hint">{hint}</p>}
      <button type="button" class="zoom-view-close button primary" onClick={onClose} data-testid="zoom-close">
        {closeLabel}
      </button>
    </div>
  );
}
