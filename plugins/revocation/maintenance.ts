/**
 * The inquiry service's daily maintenance (data update): per the Windows manual v1.10 §6, every day from
 * 20:00 to 23:00 Japan time. Times are configurable ('HH:MM', Asia/Tokyo); a window whose end is before its
 * start runs over midnight.
 */
export const SERVICE_TIME_ZONE = 'Asia/Tokyo';

const TIME = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;

/** Minutes after midnight of 'HH:MM'; throws on anything else (settings are validated by their pattern). */
export function minutesOfDay(time: string): number {
  const match = TIME.exec(time);
  if (!match) throw new Error(`not a time of day (HH:MM): ${time}`);
  return Number(match[1]) * 60 + Number(match[2]);
}

const tokyoClock = new Intl.DateTimeFormat('en-GB', { timeZone: SERVICE_TIME_ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });

/** The time of day in Japan at `now`, as minutes after midnight. */
export function tokyoMinutesOfDay(now: Date): number {
  let hour = 0;
  let minute = 0;
  for (const part of tokyoClock.formatToParts(now)) {
    if (part.type === 'hour') hour = Number(part.value) % 24;
    if (part.type === 'minute') minute = Number(part.value);
  }
  return hour * 60 + minute;
}

/** True when `now` is inside [start, end) in Japan time. start === end means no maintenance window. */
export function isInMaintenance(now: Date, start: string, end: string): boolean {
  const from = minutesOfDay(start);
  const to = minutesOfDay(end);
  const at = tokyoMinutesOfDay(now);
  if (from === to) return false;
  return from < to ? at >= from && at < to : at >= from || at < to;
}

/**
 * 'HH:MM' as the manual writes times of day: 「午後8時」 (「午後8時30分」), "8 p.m." ("8:30 p.m.").
 */
export function spokenTime(time: string, language: 'ja' | 'en'): string {
  const minutes = minutesOfDay(time);
  const hour24 = Math.floor(minutes / 60);
  const minute = minutes % 60;
  const afternoon = hour24 >= 12;
  const hour12 = hour24 % 12 === 0 ? 12 : hour24 % 12;
  if (language === 'ja') return `${afternoon ? '午後' : '午前'}${hour24 % 12}時${minute === 0 ? '' : `${minute}分`}`;
  return `${hour12}${minute === 0 ? '' : `:${String(minute).padStart(2, '0')}`} ${afternoon ? 'p.m.' : 'a.m.'}`;
}

/** The window's length in whole hours, rounded (the manual's 「約3時間」). */
export function maintenanceHours(start: string, end: string): number {
  const length = (minutesOfDay(end) - minutesOfDay(start) + 24 * 60) % (24 * 60);
  return Math.max(1, Math.round(length / 60));
}
