import { describe, expect, it } from 'vitest';
import { isBlockedShortcut } from '../../shell/app/lockdown';

const key = (value: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('kiosk lockdown shortcuts', () => {
  it('blocks reload, print, zoom, developer tools, full-screen toggle and history navigation', () => {
    for (const event of [
      key('F5'),
      key('F11'),
      key('F12'),
      key('r', { ctrlKey: true }),
      key('R', { ctrlKey: true }),
      key('w', { ctrlKey: true }),
      key('p', { ctrlKey: true }),
      key('+', { ctrlKey: true }),
      key('-', { ctrlKey: true }),
      key('0', { ctrlKey: true }),
      key('I', { ctrlKey: true, shiftKey: true }),
      key('ArrowLeft', { altKey: true }),
      key('F4', { altKey: true }),
    ]) {
      expect(isBlockedShortcut(event), JSON.stringify(event)).toBe(true);
    }
  });

  it('lets through what the kiosk itself needs: letters, digits, Tab, Enter, Backspace', () => {
    for (const event of [key('A'), key('a'), key('7'), key('Tab'), key('Tab', { shiftKey: true }), key('Enter'), key('Backspace'), key(' ')]) {
      expect(isBlockedShortcut(event), JSON.stringify(event)).toBe(false);
    }
  });
});
