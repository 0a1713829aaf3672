import { stat } from 'node:fs/promises';
import type { Logger } from '../api/logger';
import { NO_TRUST_ANCHORS, type TrustAnchors } from '../api/trust';
import { TrustStore } from '../trust/trust-store';
import { reportTrustStore } from '../trust/report-trust-store';
import { trustStoreFolder } from './trust-store-folder';

/**
 * The trust anchors from the configured folder. Production pins every file to the ISA fingerprints and
 * reports refused files; the test profile trusts the folder's certificates as they are and says so. A missing
 * folder leaves the store empty (every issuer check then fails), with a warning for the operator.
 */
export async function loadTrustAnchors(folder: string, profile: 'production' | 'test', logger: Logger): Promise<TrustAnchors> {
  if (!(await stat(folder).then((info) => info.isDirectory(), () => false))) {
    logger.warn('trust store folder not found: issuer checks will fail until the ISA roots are installed', { folder });
    return NO_TRUST_ANCHORS;
  }
  if (profile === 'test') {
    const store = TrustStore.forTesting(await trustStoreFolder(folder).list());
    logger.warn('TEST trust store in use: not for production', { folder, roots: store.roots.length });
    return store;
  }
  const store = await TrustStore.forProduction(trustStoreFolder(folder));
  reportTrustStore(store, logger);
  return store;
}
