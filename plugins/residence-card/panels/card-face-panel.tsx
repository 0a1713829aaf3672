import { useState } from 'preact/hooks';
import { toKioskError, ZoomView, type CodeTables, type Logger, type PluginI18n, type ResultPanelProps } from '../../../kernel/api';
import type { Gen1Details, Gen2Details, ResidenceCardDetails } from '../model';
import { CARD_ASPECT_RATIO } from './card-face-layout';
import { Gen1CardFace } from './gen1-card-face';
import { Gen2CardFace } from './gen2-card-face';
import type { ImageErrorHandler } from './image-error-handler';

/** Card types of special permanent resident certificates, whose face reads 特別永住者証明書. */
const SPECIAL_PERMANENT_CARD_TYPES = new Set(['2', '06']);

/**
 * (4) 在留カード / 特別永住者証明書 of the result screen: the card face as read from the chip. Tapping it (or
 * Enter / Space) opens the 券面画像拡大表示 zoom view. An image that cannot be decoded shows a placeholder with
 * a message; the rest of the face and of the result stays.
 */
export function createCardFacePanel(i18n: PluginI18n, codeTables: CodeTables, logger: Logger) {
  const onImageError: ImageErrorHandler = (kind, error) => logger.warn('card image cannot be shown', { image: kind, code: toKioskError(error).code });

  return function CardFacePanel({ result }: ResultPanelProps) {
    const [zoomed, setZoomed] = useState(false);
    const details = result.details as Partial<ResidenceCardDetails> | undefined;
    if (!hasCardFace(details)) return null;
    const specialPermanent = SPECIAL_PERMANENT_CARD_TYPES.has(result.cardType);
    // Drawn twice, on the result screen and in the zoom view; a broken image is logged once, from the first.
    const face = (onError?: ImageErrorHandler) =>
      details.generation === 1 ? (
        <Gen1CardFace i18n={i18n} details={details} onImageError={onError} />
      ) : (
        <Gen2CardFace i18n={i18n} codeTables={codeTables} details={details} specialPermanent={specialPermanent} onImageError={onError} />
      );

    const title = specialPermanent ? i18n.t('cardFace.title.specialPermanent') : i18n.t('cardFace.title.residenceCard');
    const open = () => setZoomed(true);
    return (
      <section class="panel card-face-panel" aria-labelledby="card-face-title">
        <h2 id="card-face-title">{title}</h2>
        <div
          class="card-face-trigger"
          role="button"
          tabIndex={0}
          aria-label={i18n.t('cardFace.openZoom')}
          data-testid="card-face"
          onClick={open}
          onKeyDown={(event) => {
            if (event.key !== 'Enter' && event.key !== ' ') return;
            event.preventDefault();
            open();
          }}
        >
          {face(onImageError)}
        </div>
        <p class="note">{i18n.t('cardFace.tapToZoom')}</p>
        {zoomed && (
          <ZoomView
            title={i18n.t('cardFace.zoomTitle')}
            closeLabel={i18n.t('cardFace.close')}
            hint={i18n.t('cardFace.zoomHint')}
            aspectRatio={CARD_ASPECT_RATIO}
            onClose={() => setZoomed(false)}
          >
            {face()}
          </ZoomView>
        )}
      </section>
    );
  };
}

/** Results of other shapes (a test double, a future card type) get no card face rather than a broken one. */
function hasCardFace(details: Partial<ResidenceCardDetails> | undefined): details is Gen1Details | Gen2Details {
  if (details?.generation === 1) return details.frontImage !== undefined;
  if (details?.generation === 2) return details.printed !== undefined && details.nameImage !== undefined && details.addressImage !== undefined;
  return false;
}
