/**
 * The kernel's view of a card read: what every card-type plugin produces and every result panel consumes.
 * Plugin-specific details live in `details`, typed by the plugin that produced them.
 */
export type VerificationOutcome = 'ok' | 'ng' | 'notApplicable';

export interface VerificationResult {
  readonly outcome: VerificationOutcome;
  /** Log-safe reason code, e.g. 'signature-mismatch', 'untrusted-issuer', 'root-expired'. */
  readonly reasons: readonly string[];
}

export interface CardReadResult<Details = unknown> {
  /** The C1 value of MF/EF02, e.g. '1', '2', '05'. */
  readonly cardType: string;
  readonly pluginName: string;
  /** The card number the card accepted (VERIFY succeeded), for the revocation inquiry. */
  readonly cardNumber: string;
  /** The card's validity period (YYYYMMDD) where the chip records it (2nd gen C5); 1st gen: only on the face. */
  readonly cardExpiry: string | undefined;
  readonly tamperCheck: VerificationResult;
  readonly issuerCheck: VerificationResult;
  readonly details: Details;
}

/** An open connection to the card in the reader. Implemented by the kernel's transports. */
export interface CardChannel {
  /** Sends one command APDU and returns the whole response APDU (data followed by SW1 SW2). */
  transmit(command: Uint8Array): Promise<Uint8Array>;
  /** Answer to reset of the card. */
  readonly atr: Uint8Array;
}

export interface CardReadRequest {
  /** Already validated: 12 half-width upper-case characters. */
  readonly cardNumber: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (fraction: number) => void;
}

/** Registered by a plugin for the card types it declares in `contributes.cardTypes`. */
export interface CardTypeReader {
  read(channel: CardChannel, request: CardReadRequest): Promise<CardReadResult>;
}
