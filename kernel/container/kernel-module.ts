import { ContainerModule } from 'inversify';
import type { KioskConfig } from '../config/kiosk-config';
import { I18nService } from '../i18n/i18n-service';
import { LoggerService } from '../logging/logger-service';
import { createContributionProvider } from '../contributions/contribution-provider';
import { ContributionPointToken, type ContributionPoint } from '../plugins/contribution-point';
import { ContributionRegistry } from '../plugins/contribution-registry';
import { ImplementationRegistry } from '../plugins/implementation-registry';
import { PluginHost } from '../plugins/plugin-host';
import { PluginStates } from '../plugins/plugin-states';
import { builtinContributionPoints } from '../plugins/points';
import { ContributionPointsProvider, HostServicesToken, KioskConfigToken, OperatorCodeTablesToken, TrustAnchorsToken, type HostServices } from '../plugins/tokens';
import { CodeTableService } from '../code-tables/code-table-service';
import { NO_OPERATOR_CODE_TABLES, type OperatorCodeTables } from '../code-tables/operator-code-tables';
import type { TrustAnchors } from '../api/trust';
import type { Container } from 'inversify';

export interface KernelServices {
  readonly config: KioskConfig;
  readonly logger: LoggerService;
  readonly i18n: I18nService;
  readonly trustAnchors: () => Promise<TrustAnchors>;
  readonly hostServices?: HostServices;
  readonly operatorCodeTables?: OperatorCodeTables;
}

/** Binds the kernel's services. Hosts add their own modules (transports, file access) beside this one. */
export function kernelModule(container: Container, services: KernelServices): ContainerModule {
  return new ContainerModule(({ bind }) => {
    bind(KioskConfigToken).toConstantValue(services.config);
    bind(LoggerService).toConstantValue(services.logger);
    bind(I18nService).toConstantValue(services.i18n);
    bind(TrustAnchorsToken).toConstantValue(services.trustAnchors);
    bind(HostServicesToken).toConstantValue(services.hostServices ?? {});
    bind(PluginStates).toConstantValue(new PluginStates());
    bind(ContributionRegistry)
      .toDynamicValue((context) => {
        const states = context.get(PluginStates);
        return new ContributionRegistry((name) => states.isUsable(name));
      })
      .inSingletonScope();
    bind(ImplementationRegistry).toConstantValue(new ImplementationRegistry());
    bind(OperatorCodeTablesToken).toConstantValue(services.operatorCodeTables ?? NO_OPERATOR_CODE_TABLES);
    bind(CodeTableService).toSelf().inSingletonScope();
    for (const point of builtinContributionPoints) bind<ContributionPoint>(ContributionPointToken).toConstantValue(point as ContributionPoint);
    bind(ContributionPointsProvider).toConstantValue(createContributionProvider<ContributionPoint>(container, ContributionPointToken));
    bind(PluginHost).toSelf().inSingletonScope();
  });
}
