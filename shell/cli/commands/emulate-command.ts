import { VpcdClient, type VpcdClientEvent } from '../../../kernel/node/vpcd/vpcd-client';
import { VPCD_DEFAULT_PORT } from '../../../kernel/node/vpcd/vpcd-framing';
import { SAMPLE_PROFILES } from '../../../plugins/residence-card/emulator/profiles';
import { createSampleCard, requireSampleProfile } from '../../../plugins/residence-card/emulator/sample-cards';

export interface EmulateCommandOptions {
  /** A sample profile id, see listEmulatorProfiles(). */
  readonly profile: string;
  readonly host?: string;
  readonly port?: number;
  /** Seeded challenges, so that sessions replay byte for byte (benchmarks, recorded traces). */
  readonly deterministic?: boolean;
  readonly log: (line: string) => void;
}

export interface EmulatorProfileSummary {
  readonly id: string;
  readonly cardType: string | undefined;
  /** Fictional; what to type into the kiosk. */
  readonly cardNumber: string | undefined;
  readonly description: { readonly ja: string; readonly en: string };
}

/**
 * `zairyu emulate --profile <id> [--port 35963]`: puts a fictional sample card into vsmartcard's "Virtual PCD"
 * reader, so the kiosk (or any PC/SC tool) reads it through pcscd exactly like a real card. Runs until close().
 */
export async function runEmulateCommand(options: EmulateCommandOptions): Promise<{ close(): Promise<void> }> {
  const profile = requireSampleProfile(options.profile);
  const card = createSampleCard(profile.id, { deterministic: options.deterministic === true });
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  options.log(`Sample card "${profile.id}": ${profile.description.en}`);
  if (profile.cardNumber) options.log(`Card number to enter (fictional): ${profile.cardNumber}`);
  const client = new VpcdClient(card, { host, port, onEvent: (event) => options.log(describeEvent(event)) });
  return { close: () => client.close() };
}

export function listEmulatorProfiles(): EmulatorProfileSummary[] {
  return SAMPLE_PROFILES.map((profile) => ({
    id: profile.id,
    cardType: profile.cardType,
    cardNumber: profile.cardNumber,
    description: profile.description,
  }));
}

function describeEvent(event: VpcdClientEvent): string {
  switch (event.type) {
    case 'connecting':
      return `Connecting to vpcd at ${event.host}:${event.port}`;
    case 'connected':
      return 'Card inserted into the virtual reader (connected to vpcd)';
    case 'disconnected':
      return event.retryInMs === undefined
        ? `Card removed (${event.reason})`
        : `Not connected to vpcd (${event.reason}); retrying in ${event.retryInMs} ms. Is pcscd running with vsmartcard-vpcd?`;
    case 'power':
      return `Reader powered the card ${event.state}`;
    case 'card-error':
      return `Emulated card failed: ${event.message}`;
  }
}
