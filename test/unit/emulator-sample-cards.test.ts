import { describe, expect, it } from 'vitest';
import { encodeCommandApdu, findTag, parseResponseApdu, parseTlvSequence, type CardChannel, type Tlv } from '../../kernel/api';
import { detectCardType } from '../../kernel/session/card-type-detection';
import { printedEntryObjects } from '../../plugins/residence-card/emulator/printed-entries';
import { SAMPLE_PROFILES, type Gen1Profile, type Gen2Profile } from '../../plugins/residence-card/emulator/profiles';
import { base64ToBytes } from '../../plugins/residence-card/emulator/sample-assets';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import { SAMPLE_ASSETS } from '../../plugins/residence-card/emulator/samples.generated';
import { ResidenceCardCommands } from '../../plugins/residence-card/protocol/card-commands';
import { gen1CipherSuite, gen2CipherSuite } from '../../plugins/residence-card/protocol/cipher-suite';
import { DF1, DF2, DF3, Gen1Files, Gen2Files } from '../../plugins/residence-card/protocol/file-map';

/**
 * Every sample card read from top to bottom by the kiosk's own terminal code (ResidenceCardCommands: GET CHALLENGE,
 * MUTUAL AUTHENTICATE, VERIFY, one extended-length command per file), checking each file's size and TLVs.
 */

const channelTo = (profileId: string): CardChannel => {
  const card = createSampleCard(profileId);
  return { atr: card.atr, transmit: async (command) => card.transmit(command) };
};

const objectsOf = (content: Uint8Array): Tlv[] => parseTlvSequence(content, { allowPadding: true });
const valueOf = (objects: readonly Tlv[], tag: number): Uint8Array => {
  const found = findTag(objects, tag);
  if (!found) throw new Error(`tag ${tag.toString(16)} missing`);
  return found.value;
};
const text = (bytes: Uint8Array): string => new TextDecoder('utf-8', { fatal: true }).decode(bytes).replace(/\0+$/, '');
const ascii = (value: string): Uint8Array => Uint8Array.from(value, (char) => char.charCodeAt(0));
const assets = (profileId: string) => {
  const card = SAMPLE_ASSETS.cards[profileId];
  if (!card) throw new Error(`no assets for ${profileId}`);
  const image = (id: string | undefined) => (id === undefined ? undefined : base64ToBytes(SAMPLE_ASSETS.images[id] ?? ''));
  return {
    frontImage: image(card.frontImage),
    faceImage: image(card.faceImage),
    nameImage: image(card.nameImage),
    addressImage: image(card.addressImage),
    signature: card.signature === undefined ? undefined : base64ToBytes(card.signature),
    certificate: card.certificate === undefined ? undefined : base64ToBytes(SAMPLE_ASSETS.certificates[card.certificate] ?? ''),
  };
};

async function required(read: Promise<Uint8Array | undefined>): Promise<Uint8Array> {
  const content = await read;
  if (!content) throw new Error('file absent');
  return content;
}

const gen1Profiles = SAMPLE_PROFILES.filter((profile): profile is Gen1Profile => profile.kind === 'gen1');
const gen2Profiles = SAMPLE_PROFILES.filter((profile): profile is Gen2Profile => profile.kind === 'gen2');

describe('sample profiles', () => {
  it('cover every card family the brief asks for, with unique ids and well-formed fictional numbers', () => {
    const ids = SAMPLE_PROFILES.map((profile) => profile.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(SAMPLE_PROFILES.map((profile) => profile.cardType))).toEqual(new Set(['1', '2', '05', '06', '07', undefined]));
    for (const profile of SAMPLE_PROFILES) {
      if (profile.cardNumber !== undefined) expect(profile.cardNumber).toMatch(/^[A-Z]{2}[0-9]{8}[A-Z]{2}$/);
      expect(profile.description.ja).toContain('架空');
      expect(profile.description.en).toContain('fictional');
    }
    const combinations = new Set(gen2Profiles.flatMap((profile) => (profile.workPermission ? [`${profile.workPermission.comprehensive}${profile.workPermission.individual}`] : [])));
    for (const combination of ['00', '01', '10', '11', '20', '21']) expect(combinations).toContain(combination);
    const restrictions = new Set(gen2Profiles.map((profile) => profile.printed.residence?.workRestriction));
    for (const restriction of ['1', '2', '4', '9']) expect(restrictions).toContain(restriction);
  });
});

describe.each(gen1Profiles)('1st-gen sample $id, read in full', (profile) => {
  it('detects its type, authenticates and reads every file of the map', async () => {
    const channel = channelTo(profile.id);
    expect(await detectCardType(channel)).toBe(profile.cardType);
    const commands = new ResidenceCardCommands(channel, gen1CipherSuite);
    await commands.authenticate(profile.cardNumber);
    const expected = assets(profile.id);

    await commands.selectDf(DF1, 'DF1');
    const front = await required(commands.readSecure(Gen1Files.frontImage, 'front'));
    const face = await required(commands.readSecure(Gen1Files.faceImage, 'face'));
    expect(front).toHaveLength(7004);
    expect(face).toHaveLength(3004);
    expect(valueOf(objectsOf(front), 0xd0)).toEqual(expected.frontImage);
    expect(valueOf(objectsOf(face), 0xd1)).toEqual(expected.faceImage ?? new Uint8Array(0));

    await commands.selectDf(DF2, 'DF2');
    const address = await required(commands.readPlain(Gen1Files.address, 'address'));
    expect(address).toHaveLength(342);
    const groups = objectsOf(address);
    const records = [];
    for (let index = 0; index + 2 < groups.length; index += 3) {
      expect(groups.slice(index, index + 3).map((object) => object.tag)).toEqual([0xd2, 0xd3, 0xd4]);
      const [date, code, place] = groups.slice(index, index + 3).map((object) => text(object.value));
      if (date) records.push({ date, municipalityCode: code, address: place });
    }
    expect(records).toEqual(profile.addressHistory);
    if (profile.textLayout === 'fixed-width') expect(groups.find((object) => object.tag === 0xd4)?.value).toHaveLength(320);

    const permissionFiles = [Gen1Files.comprehensivePermission, Gen1Files.individualPermission, Gen1Files.renewalApplication];
    if (profile.cardType === '1') {
      const [d5, d6, d7] = await Promise.all(permissionFiles.map((sfi) => required(commands.readPlain(sfi, 'DF2'))));
      expect([d5, d6, d7].map((content) => content?.length)).toEqual([122, 122, 3]);
      expect(text(valueOf(objectsOf(d5!), 0xd5))).toBe(profile.workPermission?.comprehensive);
      expect(text(valueOf(objectsOf(d6!), 0xd6))).toBe(profile.workPermission?.individual);
      expect(text(valueOf(objectsOf(d7!), 0xd7))).toBe(profile.renewalApplication);
    } else {
      for (const sfi of permissionFiles) expect(await commands.readPlain(sfi, 'DF2')).toBeUndefined();
    }

    await commands.selectDf(DF3, 'DF3');
    const signatureFile = await required(commands.readPlain(Gen1Files.signature, 'signature'));
    expect(signatureFile).toHaveLength(1464);
    const signatureObjects = objectsOf(signatureFile);
    expect(valueOf(signatureObjects, 0xda)).toEqual(expected.signature ?? new Uint8Array(0));
    expect(valueOf(signatureObjects, 0xdb)).toEqual(expected.certificate ?? new Uint8Array(0));
    if (profile.signature.kind !== 'absent') expect(valueOf(signatureObjects, 0xda)).toHaveLength(256);
  });
});

describe.each(gen2Profiles)('2nd-gen sample $id, read in full', (profile) => {
  it('detects its type, authenticates and reads every file of the map', async () => {
    const channel = channelTo(profile.id);
    expect(await detectCardType(channel)).toBe(profile.cardType);
    const commands = new ResidenceCardCommands(channel, gen2CipherSuite);
    await commands.authenticate(profile.cardNumber);
    const expected = assets(profile.id);
    const residenceCard = profile.cardType === '05';

    await commands.selectDf(DF1, 'DF1');
    const cardNumber = await required(commands.readSecure(Gen2Files.cardNumber, 'card number'));
    expect(cardNumber).toHaveLength(14);
    expect(valueOf(objectsOf(cardNumber), 0xc2)).toEqual(ascii(profile.cardNumber));

    const printed = await required(commands.readSecure(Gen2Files.printedEntries, 'printed'));
    expect(printed).toHaveLength(residenceCard ? 73 : 46);
    const printedObjects = objectsOf(printed);
    expect(printedObjects.map((object) => object.tag)).toEqual(
      residenceCard ? [0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xca, 0xcb, 0xcc, 0xcd, 0xce] : [0xc5, 0xc6, 0xc7, 0xc8, 0xc9, 0xce],
    );
    const signedValues = printedObjects.reduce((sum, object) => sum + object.value.length, 0);
    expect(signedValues).toBe(residenceCard ? 53 : 34);
    expect(printedObjects.map((object) => object.value)).toEqual(printedEntryObjects(profile.printed).map((object) => object.value));
    expect(text(valueOf(printedObjects, 0xc5))).toBe(profile.printed.cardExpiry);
    if (residenceCard) expect(text(valueOf(printedObjects, 0xcc))).toBe(profile.printed.residence?.workRestriction);

    const nameAndFace = await required(commands.readSecure(Gen2Files.nameAndFace, 'name and face'));
    expect(nameAndFace).toHaveLength(5508);
    expect(valueOf(objectsOf(nameAndFace), 0xd0)).toEqual(expected.nameImage);
    expect(valueOf(objectsOf(nameAndFace), 0xd1)).toEqual(expected.faceImage ?? new Uint8Array(0));
    const addressImage = await required(commands.readSecure(Gen2Files.addressImage, 'address image'));
    expect(addressImage).toHaveLength(2505);
    expect(addressImage.subarray(0, 2)).toEqual(Uint8Array.of(0xdf, 0xd1));
    expect(valueOf(objectsOf(addressImage), 0xdfd1)).toEqual(expected.addressImage);

    await commands.selectDf(DF2, 'DF2');
    if (residenceCard) {
      const permission = objectsOf(await required(commands.readPlain(Gen2Files.workPermission, 'work permission')));
      expect(text(valueOf(permission, 0xd5))).toBe(profile.workPermission?.comprehensive);
      expect(text(valueOf(permission, 0xd6))).toBe(profile.workPermission?.comprehensiveExpiry);
      expect(text(valueOf(permission, 0xd7))).toBe(profile.workPermission?.individual);
      const renewal = objectsOf(await required(commands.readPlain(Gen2Files.renewalApplication, 'renewal')));
      expect(text(valueOf(renewal, 0xd8))).toBe(profile.renewalApplication);
      const other = await required(commands.readPlain(Gen2Files.otherResidence, 'other'));
      expect(other).toHaveLength(207);
      expect(text(valueOf(objectsOf(other), 0xd9))).toBe(profile.other.noteFlag);
    } else {
      const other = await required(commands.readPlain(Gen2Files.otherSpecialPermanent, 'other'));
      expect(other).toHaveLength(207);
      expect(await commands.readPlain(Gen2Files.renewalApplication, 'renewal')).toBeUndefined();
      expect(await commands.readPlain(Gen2Files.otherResidence, 'other')).toBeUndefined();
    }

    await commands.selectDf(DF3, 'DF3');
    const signatureFile = await required(commands.readPlain(Gen2Files.signature, 'signature'));
    expect(signatureFile).toHaveLength(704);
    const signatureObjects = objectsOf(signatureFile);
    expect(valueOf(signatureObjects, 0xdc)).toEqual(expected.signature ?? new Uint8Array(0));
    expect(valueOf(signatureObjects, 0xdd)).toEqual(expected.certificate ?? new Uint8Array(0));
    if (profile.signature.kind !== 'absent') expect(valueOf(signatureObjects, 0xdc)).toHaveLength(96);
  });
});

describe('cards the kiosk must not read further', () => {
  const send = async (channel: CardChannel, hex: string) => parseResponseApdu(await channel.transmit(Uint8Array.from(Buffer.from(hex.replace(/\s/g, ''), 'hex'))));

  it("'07' shows its card type and refuses DFs (DF1..DF3, 在留AP) and authentication with 6A 82", async () => {
    const channel = channelTo('specific-07');
    expect(await detectCardType(channel)).toBe('07');
    const cardType = await send(channel, '00 B0 8A 00 00');
    expect(Buffer.from(cardType.data).toString('hex')).toBe('c1023037');
    for (const aid of [DF1, DF2, DF3, Uint8Array.of(0xd3, 0x92, 0xf0, 0x00, 0x4f, 0x01, ...new Uint8Array(10))]) {
      const response = parseResponseApdu(await channel.transmit(encodeCommandApdu({ cla: 0, ins: 0xa4, p1: 0x04, p2: 0x0c, data: aid })));
      expect(response.sw).toBe(0x6a82);
    }
    expect((await send(channel, '00 84 00 00 08')).sw).toBe(0x6a82);
    expect((await send(channel, '00 B0 8B 00 06')).sw).toBe(0x6a82);
  });

  it('a card that is not a residence card answers the card type read with 6A 82', async () => {
    const channel = channelTo('not-residence-card');
    expect((await send(channel, '00 A4 00 00 02 3F 00')).sw).toBe(0x9000);
    expect((await send(channel, '00 B0 8A 00 00')).sw).toBe(0x6a82);
    await expect(detectCardType(channel)).rejects.toMatchObject({ code: 'NOT_RESIDENCE_CARD', statusWord: 0x6a82 });
  });
});
