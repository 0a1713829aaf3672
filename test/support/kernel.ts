import type { TrustAnchors } from '../../kernel/api';
import { createKernel, type Kernel } from '../../kernel/container/create-kernel';
import { defaultKioskConfig, type KioskConfig } from '../../kernel/config/kiosk-config';
import { loadOperatorCodeTables } from '../../kernel/node/code-table-folder';
import { shellMessages } from '../../shell/app/shell-messages';

/** A kernel as a host makes it; the operator's code tables are read only when the test names a codeTableFolder. */
export async function testKernel(config: Partial<KioskConfig> = {}, trustAnchors?: () => Promise<TrustAnchors>): Promise<Kernel> {
  return createKernel({
    config: { ...defaultKioskConfig, ...config },
    shellMessages,
    ...(trustAnchors ? { trustAnchors } : {}),
    ...(config.codeTableFolder ? { operatorCodeTables: await loadOperatorCodeTables(config.codeTableFolder) } : {}),
  });
}
