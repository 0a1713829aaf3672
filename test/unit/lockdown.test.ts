import { Window as HappyWindow } from 'happy-dom';
import { afterEach, describe, expect, it } from 'vitest';
import { installLockdown, installPageGuards, isBlockedShortcut, pageGuardsScript } from '../../shell/app/lockdown';

const key = (value: string, modifiers: Partial<Record<'ctrlKey' | 'metaKey' | 'altKey' | 'shiftKey', boolean>> = {}) => ({
  key: value,
  ctrlKey: false,
  metaKey: false,
  altKey: false,
  shiftKey: false,
  ...modifiers,
});

describe('kiosk lockdown shortcuts', () => {
  it('blocks reload, print, save, zoom, developer tools, full-screen toggle and history navigation', () => {
    for (const event of [
      key('F5'),
      key('F11'),
      key('F12'),
      key('r', { ctrlKey: true }),
      key('R', { ctrlKey: true }),
      key('w', { ctrlKey: true }),
      key('p', { ctrlKey: true }),
      key('s', { ctrlKey: true }),
      key('+', { ctrlKey: true }),
      key('-', { ctrlKey: true }),
      key('0', { ctrlKey: true }),
      key('I', { ctrlKey: true, shiftKey: true }),
      key('J', { ctrlKey: true, shiftKey: true }),
      key('C', { ctrlKey: true, shiftKey: true }),
      key('ArrowLeft', { altKey: true }),
      key('ArrowRight', { altKey: true }),
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

describe('page guards in a page the kiosk does not own (pageGuardsScript)', () => {
  let happy: HappyWindow | undefined;
  afterEach(async () => {
    await happy?.happyDOM.close();
    happy = undefined;
  });

  /** A happy-dom window, typed as the DOM's (its event classes are the ones to use in it). */
  function newWindow(url: string): Window & typeof globalThis {
    happy = new HappyWindow({ url });
    return happy as unknown as Window & typeof globalThis;
  }

  /** A page with a paragraph and form fields, the guards installed by running the serialised script in it. */
  function pageWithScript(script: string) {
    const win = newWindow('https://lapse.example/inquiry');
    win.document.body.innerHTML = '<p id="text">照会結果</p><input id="field"><textarea id="area"></textarea>';
    // new Function: only globals are in scope, none of this module's bindings — the script must bring everything.
    new Function('window', script)(win);
    const fire = (id: string, event: Event) => {
      win.document.getElementById(id)!.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const keydown = (init: KeyboardEventInit) => fire('field', new win.KeyboardEvent('keydown', { bubbles: true, cancelable: true, ...init }));
    const plain = (type: string) => new win.Event(type, { bubbles: true, cancelable: true });
    const menu = () => new win.MouseEvent('contextmenu', { bubbles: true, cancelable: true });
    return { win, fire, keydown, plain, menu };
  }

  it('is one self-contained script that blocks the context menu, drag, ctrl-zoom and the dangerous shortcuts', () => {
    const script = pageGuardsScript({ selectableFields: true });
    expect(() => new Function('window', script)).not.toThrow();
    const { win, fire, keydown, plain, menu } = pageWithScript(script);
    expect(fire('text', menu())).toBe(true);
    expect(fire('field', menu())).toBe(true);
    expect(fire('text', plain('dragstart'))).toBe(true);
    const wheel = new win.WheelEvent('wheel', { bubbles: true, cancelable: true, deltaY: -100 });
    Object.defineProperty(wheel, 'ctrlKey', { value: true }); // happy-dom's WheelEvent ignores ctrlKey in its init
    expect(fire('text', wheel)).toBe(true);
    for (const init of [{ key: 'p', ctrlKey: true }, { key: 's', ctrlKey: true }, { key: 'w', ctrlKey: true }, { key: 'F5' }, { key: 'F12' }, { key: 'I', ctrlKey: true, shiftKey: true }, { key: 'ArrowLeft', altKey: true }]) {
      expect(keydown(init), JSON.stringify(init)).toBe(true);
    }
  });

  it('keeps form fields usable: typing, and selecting text inside a field (not outside)', () => {
    const { win, fire, keydown, plain } = pageWithScript(pageGuardsScript({ selectableFields: true }));
    for (const init of [{ key: '1' }, { key: 'a' }, { key: 'A', shiftKey: true }, { key: 'Backspace' }, { key: 'Tab' }, { key: 'Enter' }, { key: 'v', ctrlKey: true }]) {
      expect(keydown(init), JSON.stringify(init)).toBe(false);
    }
    expect(fire('field', plain('selectstart'))).toBe(false);
    expect(fire('area', plain('selectstart'))).toBe(false);
    expect(fire('text', plain('selectstart'))).toBe(true);
    // A selection that starts in a text node of the page.
    const event = plain('selectstart');
    win.document.getElementById('text')!.firstChild!.dispatchEvent(event);
    expect(event.defaultPrevented).toBe(true);
  });

  it('blocks selection everywhere without selectableFields, as on the kiosk page', () => {
    const { fire, plain } = pageWithScript(pageGuardsScript());
    expect(fire('field', plain('selectstart'))).toBe(true);
    expect(fire('text', plain('selectstart'))).toBe(true);
  });

  it("runs before the page's own handlers: a page that stops propagation cannot get the context menu back", () => {
    const { win, fire, menu } = pageWithScript(pageGuardsScript({ selectableFields: true }));
    win.document.getElementById('text')!.addEventListener('contextmenu', (event) => event.stopPropagation());
    expect(fire('text', menu())).toBe(true);
  });

  it('installLockdown installs the same guards (selection blocked in fields too) and removes them', () => {
    const win = newWindow('http://127.0.0.1/');
    win.document.body.innerHTML = '<input id="field">';
    const field = win.document.getElementById('field')!;
    const select = () => {
      const event = new win.Event('selectstart', { bubbles: true, cancelable: true });
      field.dispatchEvent(event);
      return event.defaultPrevented;
    };
    const uninstall = installLockdown(win);
    expect(select()).toBe(true);
    uninstall();
    expect(select()).toBe(false);
    const removeOther = installPageGuards(win, () => false, { selectableFields: true });
    expect(select()).toBe(false);
    removeOther();
  });
});
