import type { ServiceIdentifier } from 'inversify';
import type { KioskConfig } from '../config/kiosk-config';
import type { ContributionProvider } from '../contributions/contribution-provider';
import type { ContributionPoint } from './contribution-point';

export const KioskConfigToken: ServiceIdentifier<KioskConfig> = Symbol.for('zairyu.KioskConfig');
export const ContributionPointsProvider: ServiceIdentifier<ContributionProvider<ContributionPoint>> = Symbol.for(
  'zairyu.ContributionPointsProvider',
);
