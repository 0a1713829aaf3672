import { describe, expect, it } from 'vitest';
import { encodeTlv } from '../../../kernel/api';
import { parseGen1Address, parseGen1WorkPermission } from './gen1-files';

/** Bytes as Python's codecs.encode(text, 'cp932') gives them: independent of the decoder under test. */
const hex = (text: string) => Uint8Array.from(text.match(/../g)!.map((pair) => parseInt(pair, 16)));
const ADDRESS_CP932 = hex('938c8b9e93738ca9967b8be68ca9967b92ac88ea929a96da825194d482528d86'); // 東京都見本区見本町一丁目２番３号
const PERMISSION_CP932 = hex('8b9689c281468cb491a58f54825182578e9e8ad488c893e08145959791ad89638bc6939982cc8f5d8e9682f08f9c82ad'); // 許可：原則週２８時間以内・風俗営業等の従事を除く
const ascii = (text: string) => new TextEncoder().encode(text);
const padded = (value: Uint8Array, size: number) => Uint8Array.from({ length: size }, (_, index) => value[index] ?? 0);

describe('1st-generation text: UTF-8 first, Shift_JIS (cp932) when it is not UTF-8 (spec §3, disputed encoding)', () => {
  it('reads an address written in Shift_JIS, NUL-padded to its field', () => {
    const file = new Uint8Array([...encodeTlv(0xd2, ascii('20260701')), ...encodeTlv(0xd3, ascii('131016')), ...encodeTlv(0xd4, padded(ADDRESS_CP932, 320))]);
    expect(parseGen1Address(file)).toEqual([{ date: '20260701', municipalityCode: '131016', address: '東京都見本区見本町一丁目２番３号' }]);
  });

  it('reads the same address written in UTF-8', () => {
    const file = new Uint8Array([...encodeTlv(0xd2, ascii('20260701')), ...encodeTlv(0xd3, ascii('131016')), ...encodeTlv(0xd4, ascii('東京都見本区見本町一丁目２番３号'))]);
    expect(parseGen1Address(file)[0]!.address).toBe('東京都見本区見本町一丁目２番３号');
  });

  it('reads a work permission written in Shift_JIS', () => {
    const comprehensive = encodeTlv(0xd5, padded(PERMISSION_CP932, 120));
    expect(parseGen1WorkPermission(comprehensive, undefined)).toEqual({ generation: 1, comprehensive: '許可：原則週２８時間以内・風俗営業等の従事を除く', individual: '' });
  });
});
