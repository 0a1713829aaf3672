import { VirtualTransport } from '../../kernel/smartcard/virtual-transport';
import { SAMPLE_PROFILES } from '../../plugins/residence-card/emulator/profiles';
import { createSampleCard } from '../../plugins/residence-card/emulator/sample-cards';
import type { DemoReader } from '../app/demo-reader';

export const DEMO_READER_NAME = 'Demo reader (sample cards)';

/** The in-page demo reader: the residence-card emulator's sample profiles, placed and removed on screen. */
export function createDemoReader(): { transport: VirtualTransport; demo: DemoReader } {
  const transport = new VirtualTransport(DEMO_READER_NAME);
  const listeners = new Set<(cardId: string | undefined) => void>();
  let current: string | undefined;
  const notify = () => listeners.forEach((listener) => listener(current));
  const demo: DemoReader = {
    cards: SAMPLE_PROFILES.map((profile) => ({
      id: profile.id,
      description: profile.description,
      cardNumber: 'cardNumber' in profile ? profile.cardNumber : undefined,
    })),
    current: () => current,
    insert(cardId) {
      transport.insert(createSampleCard(cardId));
      current = cardId;
      notify();
    },
    remove() {
      transport.remove();
      current = undefined;
      notify();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
  return { transport, demo };
}
