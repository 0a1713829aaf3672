import { isValidCardNumber, normaliseCardNumberInput, type CardTypeReader, type PluginContext } from '../../kernel/api';
import { createResidenceCardReader, createUnsupportedSpecificCardReader } from './reader/residence-card-reader';
import { createResidenceCardVerifier } from './verification/card-verifier';
import { describeWorkPermission } from './work-permission';

export interface CardTypeReaderSpec {
  readonly cardType: string;
  readonly generation: 1 | 2;
  /** Residence cards have the work permission and renewal files; special permanent resident certificates do not. */
  readonly residenceCard: boolean;
}

/** What `activate` returns to dependent plugins (special-permanent, third-party card types). */
export interface ResidenceCardApi {
  readonly apiVersion: 1;
  readonly normaliseCardNumberInput: typeof normaliseCardNumberInput;
  readonly isValidCardNumber: typeof isValidCardNumber;
  readonly describeWorkPermission: typeof describeWorkPermission;
  /** A reader for one card type of this family, verifying with the calling plugin's trust anchors. */
  createReader(context: PluginContext, spec: CardTypeReaderSpec): CardTypeReader;
  /** For 特定 cards (07/08): detected, refused with UNSUPPORTED_CARD_TYPE, never read further. */
  createSpecificCardReader(): CardTypeReader;
}

export const residenceCardApi: ResidenceCardApi = {
  apiVersion: 1,
  normaliseCardNumberInput,
  isValidCardNumber,
  describeWorkPermission,
  createReader(context, spec) {
    return createResidenceCardReader({
      pluginName: context.name,
      cardType: spec.cardType,
      generation: spec.generation,
      residenceCard: spec.residenceCard,
      verify: async (details) => createResidenceCardVerifier(await context.trustAnchors())(details),
    });
  },
  createSpecificCardReader: createUnsupportedSpecificCardReader,
};
