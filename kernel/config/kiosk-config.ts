import { z } from 'zod';
import { KioskError, KioskErrorCode } from '../errors/kiosk-error';
import { describeSchemaIssues } from '../plugins/schema-errors';

/**
 * The one kiosk config file. Unknown keys are errors (a typo must not silently fall back to a default at an
 * unattended counter). Every key has a default, so `{}` is a valid config.
 */
export const kioskConfigSchema = z
  .strictObject({
    language: z.enum(['ja', 'en']).default('ja'),
    reader: z
      .strictObject({
        /** A PC/SC reader name, or "auto" for the first reader that has or accepts a card. */
        name: z.string().min(1).default('auto'),
        /**
         * The built-in demo reader with sample cards: "auto" until a real reader has been seen (then never again in
         * this run, so an unplugged reader shows the manual's error), "always", or "never" (production kiosks).
         */
        demo: z.enum(['auto', 'always', 'never']).default('auto'),
        /**
         * Seconds the card may take to answer one command before the read ends with CARD_READ_FAILED. The largest
         * exchange (about 5.5 KB) takes well under a second even at 106 kbit/s; a card that stops answering must
         * not leave the person waiting.
         */
        transmitTimeoutSeconds: z.number().min(1).max(120).default(10),
      })
      .default({ name: 'auto', demo: 'auto', transmitTimeoutSeconds: 10 }),
    /** Seconds without a touch before the kiosk returns to the top screen and wipes the session. */
    idleTimeoutSeconds: z.int().min(15).max(3600).default(120),
    /** How long the countdown is shown before the idle timeout. */
    idleWarningSeconds: z.int().min(5).max(120).default(20),
    /** Seconds after card removal on the result screen before returning to top. */
    cardRemovalGraceSeconds: z.number().min(0).max(60).default(3),
    /** Folders with third-party plugins, in addition to the built-in ones. */
    pluginFolders: z.array(z.string().min(1)).default([]),
    /**
     * Folder with the certificates (.pem, .crt, .cer, .der) of the publishers whose plugins this kiosk accepts. A plugin
     * from `pluginFolders` loads only when it is signed with one of exactly these certificates (docs/plugins.md).
     */
    pluginPublisherFolder: z.string().min(1).default('plugin-publishers'),
    /** Folder with the ISA root certificates (checked against pinned fingerprints). */
    trustStoreFolder: z.string().min(1).default('trust-store'),
    /** "test" trusts the folder's certificates without pinning (throwaway CAs); every screen then says so. */
    trustStoreProfile: z.enum(['production', 'test']).default('production'),
    /**
     * Folder with the operator's code tables, one `<table id>.json` each (e.g. `statusOfResidence.json`), laid over
     * the plugins' tables: the ISA publishes codes apart from the card specification. A missing folder means none.
     */
    codeTableFolder: z.string().min(1).default('code-tables'),
    /**
     * The kiosk's audit log (kernel/audit): one hash-chained JSON line per start, read outcome, session wipe and
     * plugin taken out of service — never personal data. Relative paths like the other folders; the folder is
     * created; null keeps none. An unattended kiosk keeps one by default.
     */
    auditLogFile: z.string().min(1).nullable().default('audit/zairyu-audit.jsonl'),
    highContrast: z.boolean().default(false),
    logLevel: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
    /** Values for settings that plugins declare in `contributes.settings`, by plugin name. */
    pluginSettings: z.record(z.string(), z.record(z.string(), z.unknown())).default({}),
  })
  .refine((config) => config.idleWarningSeconds < config.idleTimeoutSeconds, {
    message: 'idleWarningSeconds must be shorter than idleTimeoutSeconds',
    path: ['idleWarningSeconds'],
  });

export type KioskConfig = z.infer<typeof kioskConfigSchema>;

export const defaultKioskConfig: KioskConfig = kioskConfigSchema.parse({});

/** Validates a parsed config; throws a KioskError (INVALID_CONFIG) listing every problem. */
export function validateKioskConfig(raw: unknown, origin = 'config'): KioskConfig {
  const parsed = kioskConfigSchema.safeParse(raw);
  if (parsed.success) return parsed.data;
  throw new KioskError(KioskErrorCode.invalidConfig, `${origin}: ${describeSchemaIssues(parsed.error).join('; ')}`);
}

/** Parses config text (JSON), with the position of a syntax error in the message. */
export function parseKioskConfigText(text: string, origin = 'config'): KioskConfig {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new KioskError(KioskErrorCode.invalidConfig, `${origin}: not valid JSON (${(error as Error).message})`);
  }
  return validateKioskConfig(raw, origin);
}
