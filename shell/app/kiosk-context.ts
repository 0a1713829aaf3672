import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Kernel } from '../../kernel/container/create-kernel';
import type { ReaderMonitor } from '../../kernel/reader/reader-monitor';
import type { CardReadingService } from '../../kernel/session/card-reading-service';
import type { DemoReader } from './demo-reader';

/** What the screens need from the host: the kernel, the reader, how to read a card, and facts about the app. */
export interface KioskServices {
  readonly kernel: Kernel;
  readonly reader: ReaderMonitor;
  readonly cardReading: CardReadingService;
  readonly appVersion: string;
  /** Name of the platform's PC/SC service, for the "start the Smart Card service" message. */
  readonly pcscServiceName: string;
  /** Leaves the app (NW.js closes the window; a web kiosk reloads to the top). */
  readonly exitApp: () => void;
  /** The demo reader's card picker, when the host has one. */
  readonly demo?: DemoReader;
  /** True when issuers are verified against throwaway test CAs: every screen says so. */
  readonly testTrustStore?: boolean;
}

export const KioskContext = createContext<KioskServices | undefined>(undefined);

export function useKiosk(): KioskServices {
  const services = useContext(KioskContext);
  if (!services) throw new Error('KioskContext is missing');
  return services;
}

/** Translation bound to the current language; components re-render when the language changes. */
export function useT(): (key: string, options?: Record<string, unknown>) => string {
  const { kernel } = useKiosk();
  return (key, options) => kernel.i18n.t(key, options);
}
