import { KioskError, KioskErrorCode, type CardChannel, type CardReadRequest, type CardReadResult, type CardTypeReader, type VerificationResult } from '../../../kernel/api';
import type { Gen1Details, Gen2Details, ResidenceCardDetails } from '../model';
import {
  parseGen1Address,
  parseGen1FaceImage,
  parseGen1FrontImage,
  parseGen1Signature,
  parseGen1WorkPermission,
  parseRenewalFlag,
} from '../parsers/gen1-files';
import {
  parseGen2AddressImage,
  parseGen2CardNumber,
  parseGen2NameAndFace,
  parseGen2Other,
  parseGen2PrintedEntries,
  parseGen2Signature,
  parseGen2WorkPermission,
} from '../parsers/gen2-files';
import { ResidenceCardCommands } from '../protocol/card-commands';
import { cipherSuiteForGeneration } from '../protocol/cipher-suite';
import { DF1, DF2, DF3, Gen1Files, Gen2Files } from '../protocol/file-map';

export interface VerificationOutcomes {
  readonly tamperCheck: VerificationResult;
  readonly issuerCheck: VerificationResult;
}

/** Checks the signature and the issuer of what was read (see verification/). */
export type CardVerifier = (details: ResidenceCardDetails) => Promise<VerificationOutcomes>;

export interface ResidenceCardReaderOptions {
  readonly pluginName: string;
  readonly cardType: string;
  readonly generation: 1 | 2;
  /** Residence cards ('1', '05') carry the work permission and renewal files; special permanent ones do not. */
  readonly residenceCard: boolean;
  readonly verify: CardVerifier;
  readonly random?: (length: number) => Uint8Array;
}

/**
 * Reads a residence card or special permanent resident certificate of one type: authentication with the card
 * number, every file of the generation's map, then verification. The kernel has already selected the MF and
 * read the card type.
 */
export function createResidenceCardReader(options: ResidenceCardReaderOptions): CardTypeReader {
  return {
    async read(channel: CardChannel, request: CardReadRequest): Promise<CardReadResult> {
      const commands = new ResidenceCardCommands(channel, cipherSuiteForGeneration(options.generation), options.random);
      try {
        await commands.authenticate(request.cardNumber);
        request.onProgress?.(0.15);
        const details =
          options.generation === 1
            ? await readGen1(commands, options.residenceCard, request)
            : await readGen2(commands, options.residenceCard, request);
        const { tamperCheck, issuerCheck } = await options.verify(details);
        request.onProgress?.(1);
        return {
          cardType: options.cardType,
          pluginName: options.pluginName,
          cardNumber: request.cardNumber,
          cardExpiry: details.generation === 2 ? details.printed.cardExpiry : undefined,
          tamperCheck,
          issuerCheck,
          details,
        };
      } finally {
        commands.close();
      }
    },
  };
}

async function readGen1(commands: ResidenceCardCommands, residenceCard: boolean, request: CardReadRequest): Promise<Gen1Details> {
  await commands.selectDf(DF1, 'DF1');
  const front = await commands.readSecure(Gen1Files.frontImage, 'front image');
  if (!front) throw new KioskError(KioskErrorCode.chipBroken, 'front image file missing');
  request.onProgress?.(0.5);
  const face = await commands.readSecure(Gen1Files.faceImage, 'face image');
  request.onProgress?.(0.65);
  await commands.selectDf(DF2, 'DF2');
  const address = await commands.readPlain(Gen1Files.address, 'address');
  const comprehensive = residenceCard ? await commands.readPlain(Gen1Files.comprehensivePermission, 'comprehensive permission') : undefined;
  const individual = residenceCard ? await commands.readPlain(Gen1Files.individualPermission, 'individual permission') : undefined;
  const renewal = residenceCard ? await commands.readPlain(Gen1Files.renewalApplication, 'renewal application') : undefined;
  request.onProgress?.(0.8);
  await commands.selectDf(DF3, 'DF3');
  const signature = await commands.readPlain(Gen1Files.signature, 'signature');
  request.onProgress?.(0.9);
  const workPermission = parseGen1WorkPermission(comprehensive, individual);
  const renewalApplication = parseRenewalFlag(renewal, 0xd7);
  return {
    generation: 1,
    frontImage: parseGen1FrontImage(front),
    faceImage: parseGen1FaceImage(face),
    addressHistory: parseGen1Address(address),
    ...(workPermission ? { workPermission } : {}),
    ...(renewalApplication === undefined ? {} : { renewalApplication }),
    signature: parseGen1Signature(signature),
  };
}

async function readGen2(commands: ResidenceCardCommands, residenceCard: boolean, request: CardReadRequest): Promise<Gen2Details> {
  await commands.selectDf(DF1, 'DF1');
  const required = async (sfi: number, what: string) => {
    const content = await commands.readSecure(sfi, what);
    if (!content) throw new KioskError(KioskErrorCode.chipBroken, `${what} file missing`);
    return content;
  };
  const cardNumber = parseGen2CardNumber(await required(Gen2Files.cardNumber, 'card number'));
  if (cardNumber !== request.cardNumber) throw new KioskError(KioskErrorCode.chipBroken, 'the card number on the chip differs from the verified one');
  const printed = parseGen2PrintedEntries(await required(Gen2Files.printedEntries, 'printed entries'), residenceCard);
  request.onProgress?.(0.3);
  const { nameImage, faceImage } = parseGen2NameAndFace(await required(Gen2Files.nameAndFace, 'name and face images'));
  request.onProgress?.(0.55);
  const addressImage = parseGen2AddressImage(await required(Gen2Files.addressImage, 'address image'));
  request.onProgress?.(0.7);
  await commands.selectDf(DF2, 'DF2');
  const workPermission = residenceCard ? parseGen2WorkPermission(await commands.readPlain(Gen2Files.workPermission, 'work permission')) : undefined;
  const renewalApplication = residenceCard ? parseRenewalFlag(await commands.readPlain(Gen2Files.renewalApplication, 'renewal application'), 0xd8) : undefined;
  const other = parseGen2Other(
    residenceCard
      ? await commands.readPlain(Gen2Files.otherResidence, 'other information')
      : // One table of the public spec puts '06' cards' only DF2 file at EF01; should a card keep the '05' layout
        // (EF03) instead, that is read rather than the information silently dropped (docs/chip-protocol.md).
        ((await commands.readPlain(Gen2Files.otherSpecialPermanent, 'other information')) ?? (await commands.readPlain(Gen2Files.otherResidence, 'other information'))),
  );
  request.onProgress?.(0.8);
  await commands.selectDf(DF3, 'DF3');
  const signature = parseGen2Signature(await commands.readPlain(Gen2Files.signature, 'signature'));
  request.onProgress?.(0.9);
  return {
    generation: 2,
    cardNumber,
    printed,
    nameImage,
    faceImage,
    addressImage,
    ...(workPermission ? { workPermission } : {}),
    ...(renewalApplication === undefined ? {} : { renewalApplication }),
    other,
    signature,
  };
}

/** 特定在留カード / 特定特別永住者証明書 ('07', '08'): detected, never touched beyond the card type. */
export function createUnsupportedSpecificCardReader(): CardTypeReader {
  return {
    async read(): Promise<CardReadResult> {
      throw new KioskError(
        KioskErrorCode.unsupportedCardType,
        'specific residence cards (07/08) need SET SESSION KEY, whose details are not public; the card was not read',
      );
    },
  };
}
