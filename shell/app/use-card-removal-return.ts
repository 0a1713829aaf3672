import { useEffect } from 'preact/hooks';
import type { ReaderMonitor } from '../../kernel/reader/reader-monitor';

/**
 * On the result screen, taking the card away ends the session: after a short grace period (a card lifted and
 * put back is not a new person) the kiosk returns to top, which wipes the result.
 */
export function useCardRemovalReturn(reader: ReaderMonitor, armed: boolean, graceSeconds: number, onRemoved: () => void): void {
  useEffect(() => {
    if (!armed) return;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const check = (present: boolean) => {
      if (present) {
        clearTimeout(timer);
        timer = undefined;
      } else {
        timer ??= setTimeout(onRemoved, graceSeconds * 1000);
      }
    };
    check(reader.current().state === 'cardPresent');
    const unsubscribe = reader.subscribe((status) => check(status.state === 'cardPresent'));
    return () => {
      clearTimeout(timer);
      unsubscribe();
    };
  }, [reader, armed, graceSeconds]);
}
