import type { RefObject } from 'preact';
import { useEffect } from 'preact/hooks';

const FOCUSABLE = 'button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

/**
 * Keeps keyboard focus inside a modal while it is open: focuses its first control on opening, cycles Tab and
 * Shift+Tab within it, and gives focus back to what had it when the modal closes.
 * Returns the keydown handler to put on the modal's root.
 */
export function useFocusTrap(container: RefObject<HTMLElement>): (event: KeyboardEvent) => void {
  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const root = container.current;
    (root?.querySelector<HTMLElement>(FOCUSABLE) ?? root)?.focus();
    return () => {
      if (previous?.isConnected) previous.focus();
    };
  }, []);

  return (event: KeyboardEvent) => {
    if (event.key !== 'Tab' || !container.current) return;
    const focusable = [...container.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) {
      event.preventDefault();
      return;
    }
    const active = document.activeElement;
    if (event.shiftKey && (active === first || !container.current.contains(active))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && (active === last || !container.current.contains(active))) {
      event.preventDefault();
      first.focus();
    }
  };
}
