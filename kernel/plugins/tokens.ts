import type { ServiceIdentifier } from 'inversify';
import type { RestrictedBrowser } from '../api/restricted-browser';
import type { TrustAnchors } from '../api/trust';
import type { KioskConfig } from '../config/kiosk-config';
import type { OperatorCodeTables } from '../code-tables/operator-code-tables';
import type { ContributionProvider } from '../contributions/contribution-provider';
import type { ContributionPoint } from './contribution-point';

export const KioskConfigToken: ServiceIdentifier<KioskConfig> = Symbol.for('zairyu.KioskConfig');
export const ContributionPointsProvider: ServiceIdentifier<ContributionProvider<ContributionPoint>> = Symbol.for(
  'zairyu.ContributionPointsProvider',
);

/** Resolves the trust anchors, loading them on first use; provided by the host. */
export const TrustAnchorsToken: ServiceIdentifier<() => Promise<TrustAnchors>> = Symbol.for('zairyu.TrustAnchors');

/** Optional capabilities the host provides to plugins (see PluginContext.host); absent ones are undefined. */
export interface HostServices {
  readonly restrictedBrowser?: RestrictedBrowser;
}
export const HostServicesToken: ServiceIdentifier<HostServices> = Symbol.for('zairyu.HostServices');

/** The operator's code tables from the config's codeTableFolder, read by the host before the kernel starts. */
export const OperatorCodeTablesToken: ServiceIdentifier<OperatorCodeTables> = Symbol.for('zairyu.OperatorCodeTables');
