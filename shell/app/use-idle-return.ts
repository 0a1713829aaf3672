import { useEffect } from 'preact/hooks';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

/**
 * Returns to the top screen (which wipes the session) after `timeoutSeconds` without a touch or a key.
 * Only armed away from the top screen: the top screen holds no card data.
 */
export function useIdleReturn(armed: boolean, timeoutSeconds: number, onIdle: () => void): void {
  useEffect(() => {
    if (!armed) return;
    let timer = setTimeout(onIdle, timeoutSeconds * 1000);
    const reset = () => {
      clearTimeout(timer);
      timer = setTimeout(onIdle, timeoutSeconds * 1000);
    };
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, reset, { passive: true });
    return () => {
      clearTimeout(timer);
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, reset);
    };
  }, [armed, timeoutSeconds]);
}
