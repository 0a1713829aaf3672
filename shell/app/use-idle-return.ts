import { useEffect, useState } from 'preact/hooks';

const ACTIVITY_EVENTS = ['pointerdown', 'keydown', 'touchstart', 'wheel'] as const;

export interface IdleCountdown {
  /** Seconds left before the return to top, while the warning is shown; undefined otherwise. */
  readonly secondsLeft: number | undefined;
  /** "Continue": restarts the idle timer. */
  readonly extend: () => void;
}

/**
 * Returns to the top screen (which wipes the session) after `timeoutSeconds` without a touch or a key; the
 * last `warningSeconds` are counted down on screen so the person can ask for more time. Only armed away from
 * the top screen, which holds no card data.
 */
export function useIdleReturn(armed: boolean, timeoutSeconds: number, warningSeconds: number, onIdle: () => void): IdleCountdown {
  const [lastActivity, setLastActivity] = useState(() => Date.now());
  const [now, setNow] = useState(() => Date.now());

  useEffect(() => {
    if (!armed) return;
    const start = Date.now();
    setLastActivity(start);
    setNow(start);
    const touch = () => setLastActivity(Date.now());
    for (const event of ACTIVITY_EVENTS) window.addEventListener(event, touch, { passive: true, capture: true });
    const tick = setInterval(() => setNow(Date.now()), 250);
    return () => {
      clearInterval(tick);
      for (const event of ACTIVITY_EVENTS) window.removeEventListener(event, touch, { capture: true });
      // Otherwise the next arming's first render still sees this period's elapsed time, and an idle return would
      // at once sweep away the next person's first key.
      const end = Date.now();
      setLastActivity(end);
      setNow(end);
    };
  }, [armed]);

  const remaining = timeoutSeconds - (now - lastActivity) / 1000;
  useEffect(() => {
    if (armed && remaining <= 0) onIdle();
  }, [armed, remaining <= 0]);

  return {
    secondsLeft: armed && remaining <= warningSeconds && remaining > 0 ? Math.ceil(remaining) : undefined,
    extend: () => {
      const time = Date.now();
      setLastActivity(time);
      setNow(time);
    },
  };
}
