import { VpcdClient, type VpcdClientEvent } from '../../../kernel/node/vpcd/vpcd-client';
import { VPCD_DEFAULT_PORT } from '../../../kernel/node/vpcd/vpcd-framing';
import { ContactlessLink, overContactlessLink } from '../../../plugins/residence-card/emulator/contactless-link';
import { SAMPLE_PROFILES } from '../../../plugins/residence-card/emulator/profiles';
import { createSampleCard, requireSampleProfile } from '../../../plugins/residence-card/emulator/sample-cards';

export interface EmulateCommandOptions {
  /** A sample profile id, see listEmulatorProfiles(). */
  readonly profile: string;
  readonly host?: string;
  readonly port?: number;
  /** Seeded challenges, so that sessions replay byte for byte (benchmarks, recorded traces). */
  readonly deterministic?: boolean;
  /** Answer no faster than an ISO/IEC 14443 link at this bit rate would carry each exchange (106, 212, 424, 848). */
  readonly linkKbps?: number;
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
  const sample = createSampleCard(profile.id, { deterministic: options.deterministic === true });
  const card = options.linkKbps === undefined ? sample : overContactlessLink(sample, new ContactlessLink({ carrierDivisor: carrierDivisorFor(options.linkKbps), frameSize: 256 }));
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? VPCD_DEFAULT_PORT;
  options.log(`Sample card "${profile.id}": ${profile.description.en}`);
  if (options.linkKbps !== undefined) options.log(`Answering at the pace of a ${options.linkKbps} kbit/s contactless link`);
  if (profile.cardNumber) options.log(`Card number to enter (fictional): ${profile.cardNumber}`);
  const client = new VpcdClient(card, { host, port, onEvent: (event) => options.log(describeEvent(event)) });
  return { close: () => client.close() };
}

const CARRIER_DIVISORS: Readonly<Record<number, number>> = { 106: 128, 212: 64, 424: 32, 848: 16 };

function carrierDivisorFor(kbps: number): number {
  const divisor = CARRIER_DIVISORS[kbps];
  if (divisor === undefined) throw new Error(`--link-kbps must be one of ${Object.keys(CARRIER_DIVISORS).join(', ')} (ISO/IEC 14443 bit rates)`);
  return divisor;
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
