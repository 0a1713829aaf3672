/** Synchronous, browser-safe crypto primitives for card protocols (3DES, retail MAC, AES, CMAC, SHA). */
export * from '../crypto';
