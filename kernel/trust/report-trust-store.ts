import type { Logger } from '../api/logger';
import type { TrustStore } from './trust-store';

/**
 * What an operator must know about the production trust store at start-up: files refused (wrong fingerprint,
 * unreadable), pinned ISA roots not installed, and roots outside their validity. An expired root is kept — cards
 * issued under it still verify, and the issuer check reports the expiry with the card — but the operator hears
 * of it once here, not only per card.
 */
export function reportTrustStore(store: TrustStore, logger: Logger, now: Date = new Date()): void {
  for (const refused of store.refused) logger.error('trust store file refused', { file: refused.name, reason: refused.reason });
  for (const missing of store.missingPinnedRoots) logger.info('ISA root not installed', { root: missing.commonName, validUntil: missing.validUntil });
  for (const notice of store.validityNotices(now)) logger.warn('trust store root outside its validity (kept)', { file: notice.name, reason: notice.reason });
}
