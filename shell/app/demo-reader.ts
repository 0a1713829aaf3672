import type { Language } from '../../kernel/api';

export interface DemoCard {
  readonly id: string;
  readonly description: Readonly<Record<Language, string>>;
  /** Printed on the (fictional) card, so the person can type it. */
  readonly cardNumber: string | undefined;
}

/** The built-in demo reader: sample cards with fictional data that a person places and removes on screen. */
export interface DemoReader {
  readonly cards: readonly DemoCard[];
  current(): string | undefined;
  insert(cardId: string): void;
  remove(): void;
  subscribe(listener: (cardId: string | undefined) => void): () => void;
}
