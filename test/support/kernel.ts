import type { TrustAnchors } from '../../kernel/api';
import { createKernel, type Kernel } from '../../kernel/container/create-kernel';
import { defaultKioskConfig, type KioskConfig } from '../../kernel/config/kiosk-config';
import { shellMessages } from '../../shell/app/shell-messages';

export function testKernel(config: Partial<KioskConfig> = {}, trustAnchors?: () => Promise<TrustAnchors>): Promise<Kernel> {
  return createKernel({ config: { ...defaultKioskConfig, ...config }, shellMessages, ...(trustAnchors ? { trustAnchors } : {}) });
}
