/** The public API of the kernel: the only part of kernel/ that plugins may import. */
export * from './card';
export * from './card-number';
export * from './code-tables';
export * from './disposable';
export * from './logger';
export * from './plugin';
export * from './restricted-browser';
export * from './ui';
export * from './version';
export { KioskError, KioskErrorCode, isKioskError, toKioskError } from '../errors/kiosk-error';
export * from './smartcard';
export * from './crypto';
export * from './trust';
export * from './imaging';
