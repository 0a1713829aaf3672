import { describe, expect, it } from 'vitest';
import { concatBytes, encodeTlv } from 'zairyu-plugin-api';
import { parseMemberData } from '../src/member-card-data';
import { createMemberCardReader } from '../src/member-card-reader';
import { Tag } from '../src/protocol';
import { channelTo, MemberCardEmulator, SAMPLE_MEMBER } from './member-card-emulator';

const reader = createMemberCardReader('example-member-card');

describe('member card reader', () => {
  it('reads the public data of the sample card', async () => {
    const progress: number[] = [];
    const result = await reader.read(channelTo(new MemberCardEmulator()), { cardNumber: 'MB12345678JP', onProgress: (fraction) => progress.push(fraction) });
    expect(result).toMatchObject({
      cardType: '90',
      pluginName: 'example-member-card',
      cardNumber: 'MB12345678JP',
      cardExpiry: '20300331',
      tamperCheck: { outcome: 'notApplicable' },
      issuerCheck: { outcome: 'notApplicable' },
      details: { holderName: SAMPLE_MEMBER.holderName, validFrom: '20250401', tier: 'gold' },
    });
    expect(progress).toEqual([0.5, 1]);
  });

  it('refuses a number that is not the one on the card', async () => {
    await expect(reader.read(channelTo(new MemberCardEmulator()), { cardNumber: 'MB00000000JP' })).rejects.toMatchObject({ code: 'WRONG_CARD_NUMBER' });
  });

  it('reports a card without the member application with its status word (mapped to a message in the manifest)', async () => {
    const card = new MemberCardEmulator({ ...SAMPLE_MEMBER, withoutApplication: true });
    await expect(reader.read(channelTo(card), { cardNumber: 'MB12345678JP' })).rejects.toMatchObject({ code: 'NOT_RESIDENCE_CARD', statusWord: 0x6a82 });
  });

  it('treats malformed card data as MALFORMED_CARD_DATA, without the data in the message', async () => {
    const text = (value: string) => new TextEncoder().encode(value);
    const badNumber = concatBytes(
      encodeTlv(Tag.memberNumber, text('not-a-number')),
      encodeTlv(Tag.holderName, text('X')),
      encodeTlv(Tag.validFrom, text('20250401')),
      encodeTlv(Tag.validUntil, text('20300331')),
      encodeTlv(Tag.tier, Uint8Array.of(1)),
    );
    expect(() => parseMemberData(badNumber)).toThrowError(expect.objectContaining({ code: 'MALFORMED_CARD_DATA', message: 'member card: member number is malformed' }));
    const card = new MemberCardEmulator({ ...SAMPLE_MEMBER, publicData: Uint8Array.of(0xdf, 0x01, 0x20) });
    await expect(reader.read(channelTo(card), { cardNumber: 'MB12345678JP' })).rejects.toMatchObject({ code: 'MALFORMED_CARD_DATA' });
  });
});
