import type { CardReadRequest, CardReadResult } from '../api/card';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';

/** Runs one read of the card in the reader: type dispatch, the card-type plugin's protocol, verification. */
export interface CardReadingService {
  read(request: CardReadRequest): Promise<CardReadResult>;
}

export const CardReadingServiceToken = Symbol.for('zairyu.CardReadingService');

/** What a host without any card transport provides: every read ends in the manual's "check the reader". */
export class NoReaderCardReadingService implements CardReadingService {
  async read(): Promise<CardReadResult> {
    throw new KioskError(KioskErrorCode.readerNotFound, 'no card transport is configured in this host');
  }
}
