import { CardImageCanvas, type CodeTables, type PluginI18n } from '../../../kernel/api';
import type { Gen2Details } from '../model';
import type { ImageErrorHandler } from './image-error-handler';
import { codeText, formatCardDate, periodOfStayText, sexText, workRestrictionText } from './printed-entry-text';

interface Props {
  readonly i18n: PluginI18n;
  readonly codeTables: CodeTables;
  readonly details: Gen2Details;
  readonly specialPermanent: boolean;
  readonly onImageError: ImageErrorHandler | undefined;
}

/**
 * 2nd generation: the chip holds no picture of the front, so the face is composed from what it holds — the
 * printed entries (C5–CE), the name image, the face photo and the address image — labelled in the current
 * language.
 */
export function Gen2CardFace({ i18n, codeTables, details, specialPermanent, onImageError }: Props) {
  const { printed } = details;
  const unavailable = i18n.t('cardFace.imageUnavailable');
  const workRestriction = workRestrictionText(i18n, printed.workRestriction);
  const image = (kind: string, label: string, cardImage: Gen2Details['nameImage']) => (
    <CardImageCanvas image={cardImage} kind={kind} label={label} unavailableMessage={unavailable} onError={(error) => onImageError?.(kind, error)} />
  );
  return (
    <div class="card-face card-face-gen2">
      <div class="card-face-layout">
        <p class="card-face-heading">{specialPermanent ? i18n.t('cardFace.title.specialPermanent') : i18n.t('cardFace.title.residenceCard')}</p>
        <dl class="card-face-entries">
          <div class="card-face-entry card-face-image-entry">
            <dt>{i18n.t('cardFace.field.name')}</dt>
            <dd>{image('name', i18n.t('cardFace.field.name'), details.nameImage)}</dd>
          </div>
          <div class="card-face-entry">
            <dt>{i18n.t('cardFace.field.birthDate')}</dt>
            <dd data-entry="birthDate">{formatCardDate(i18n, printed.birthDate)}</dd>
          </div>
          <div class="card-face-entry">
            <dt>{i18n.t('cardFace.field.sex')}</dt>
            <dd data-entry="sex">{sexText(i18n, printed.sex)}</dd>
          </div>
          <div class="card-face-entry">
            <dt>{i18n.t('cardFace.field.nationality')}</dt>
            <dd data-entry="nationality">{codeText(i18n, codeTables, 'nationality', printed.nationalityCode)}</dd>
          </div>
          <div class="card-face-entry card-face-image-entry">
            <dt>{i18n.t('cardFace.field.address')}</dt>
            <dd>{image('address', i18n.t('cardFace.field.address'), details.addressImage)}</dd>
          </div>
          {!specialPermanent && (
            <div class="card-face-entry">
              <dt>{i18n.t('cardFace.field.statusOfResidence')}</dt>
              <dd data-entry="statusOfResidence">{codeText(i18n, codeTables, 'statusOfResidence', printed.statusOfResidenceCode)}</dd>
            </div>
          )}
          {workRestriction && (
            <div class="card-face-entry">
              <dt>{i18n.t('cardFace.field.workRestriction')}</dt>
              <dd data-entry="workRestriction">{workRestriction}</dd>
            </div>
          )}
          {!specialPermanent && (
            <div class="card-face-entry">
              <dt>{i18n.t('cardFace.field.periodOfStayExpiry')}</dt>
              <dd data-entry="periodOfStayExpiry">{periodOfStayText(i18n, printed.periodOfStay, printed.periodOfStayExpiry)}</dd>
            </div>
          )}
          {printed.permissionType && (
            <div class="card-face-entry">
              <dt>{i18n.t('cardFace.field.permission')}</dt>
              <dd data-entry="permission">
                {printed.permissionDate
                  ? i18n.t('cardFace.withDate', { value: codeText(i18n, codeTables, 'permissionType', printed.permissionType), date: formatCardDate(i18n, printed.permissionDate) })
                  : codeText(i18n, codeTables, 'permissionType', printed.permissionType)}
              </dd>
            </div>
          )}
        </dl>
        <div class="card-face-photo">{details.faceImage && image('photo', i18n.t('cardFace.photo'), details.faceImage)}</div>
        <div class="card-face-footer">
          <p class="card-face-expiry" data-entry="cardExpiry">
            {specialPermanent
              ? i18n.t('cardFace.validUntil.specialPermanent', { date: formatCardDate(i18n, printed.cardExpiry) })
              : i18n.t('cardFace.validUntil.residenceCard', { date: formatCardDate(i18n, printed.cardExpiry) })}
          </p>
          <p class="card-face-number">
            <span class="card-face-number-label">{i18n.t('cardFace.field.cardNumber')}</span> <span data-entry="cardNumber">{details.cardNumber}</span>
          </p>
        </div>
      </div>
    </div>
  );
}
