import { CardImageCanvas, type PluginI18n } from '../../../kernel/api';
import type { Gen1Details } from '../model';
import type { ImageErrorHandler } from './image-error-handler';
import { GEN1_PHOTO_BOX, rectangleStyle } from './card-face-layout';

interface Props {
  readonly i18n: PluginI18n;
  readonly details: Gen1Details;
  readonly onImageError: ImageErrorHandler | undefined;
}

/** 1st generation: the chip's image of the whole front, with the face photo put in its frame. */
export function Gen1CardFace({ i18n, details, onImageError }: Props) {
  const unavailable = i18n.t('cardFace.imageUnavailable');
  return (
    <div class="card-face card-face-gen1">
      <CardImageCanvas
        image={details.frontImage}
        kind="front"
        class="card-face-front"
        label={i18n.t('cardFace.frontImage')}
        unavailableMessage={unavailable}
        onError={(error) => onImageError?.('front', error)}
      />
      {details.faceImage && (
        <div class="card-face-photo" style={rectangleStyle(GEN1_PHOTO_BOX)}>
          <CardImageCanvas
            image={details.faceImage}
            kind="photo"
            label={i18n.t('cardFace.photo')}
            unavailableMessage={unavailable}
            onError={(error) => onImageError?.('photo', error)}
          />
        </div>
      )}
    </div>
  );
}
