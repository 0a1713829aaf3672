import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { DecodedImage, EncodedCardImage } from '../imaging';
import { decodeCardImageOnce } from './decoded-image-cache';

export interface CardImageCanvasProps {
  readonly image: EncodedCardImage;
  /** What the image shows, for screen readers, e.g. "顔写真". */
  readonly label: string;
  /** Shown with a placeholder when the image cannot be decoded, e.g. "画像を表示できません". */
  readonly unavailableMessage: string;
  readonly class?: string;
  /** Marks the element (`data-image-kind`), for styling and tests. */
  readonly kind?: string;
  /** Replaces the decoder (tests); by default each image is decoded once and shared. */
  readonly decode?: (image: EncodedCardImage) => Promise<DecodedImage>;
  /** Told when decoding fails, e.g. to log the error code (never the image). */
  readonly onError?: (error: unknown) => void;
}

type DecodeState = { readonly status: 'decoding' } | { readonly status: 'ready'; readonly decoded: DecodedImage } | { readonly status: 'failed' };

/**
 * Decodes a card image and draws it on a canvas at its own resolution (CSS sizes it); when the bytes cannot be
 * decoded it shows a placeholder with the message instead, and nothing around it is affected.
 * `data-state` tells decoding / ready / failed.
 */
export function CardImageCanvas({ image, label, unavailableMessage, class: className, kind, decode = decodeCardImageOnce, onError }: CardImageCanvasProps) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const [state, setState] = useState<DecodeState>({ status: 'decoding' });

  useEffect(() => {
    let live = true;
    setState({ status: 'decoding' });
    decode(image).then(
      (decoded) => live && setState({ status: 'ready', decoded }),
      (error: unknown) => {
        if (!live) return;
        setState({ status: 'failed' });
        onError?.(error);
      },
    );
    return () => {
      live = false;
    };
  }, [image.bytes, image.format]);

  useLayoutEffect(() => {
    if (state.status === 'ready' && canvas.current) drawImage(canvas.current, state.decoded);
  }, [state]);

  if (state.status === 'failed') {
    return (
      <div class={classNames('card-image-placeholder', className)} role="img" aria-label={`${label}: ${unavailableMessage}`} data-image-kind={kind} data-state="failed">
        <span aria-hidden="true">{unavailableMessage}</span>
      </div>
    );
  }
  const size = state.status === 'ready' ? state.decoded : { width: 0, height: 0 };
  return (
    <canvas
      ref={canvas}
      class={classNames('card-image', className)}
      role="img"
      aria-label={label}
      width={size.width}
      height={size.height}
      data-image-kind={kind}
      data-state={state.status}
    />
  );
}

function classNames(base: string, extra: string | undefined): string {
  return extra ? `${base} ${extra}` : base;
}

/** Canvas-less environments (a DOM emulation in tests) have no 2D context: the image is simply not drawn. */
function drawImage(canvas: HTMLCanvasElement, decoded: DecodedImage): void {
  const context = canvas.getContext('2d');
  if (!context) return;
  context.putImageData(new ImageData(decoded.rgba, decoded.width, decoded.height), 0, 0);
}
