/**
 * Dates and times on the site's pages: the UK formats shared with the CMS (content-types'
 * uk-time), plus what only the site needs.
 */
import { DateTime } from 'luxon';
import { formatDay, formatTime, TIME_ZONE } from '@iro/content-types';

export { clockTime, formatCalendarDay, formatDate, formatDay, formatTime, formatTimeOfDay, ukDate } from '@iro/content-types';

/** "Thursday 19 March 2015, 10.00am to 12.30pm"; the day alone for all-day events. */
export function formatEventTime(event: { startsAt: string; endsAt: string | null; allDay: boolean }): string {
  const day = formatDay(event.startsAt);
  if (event.allDay) return day;
  const start = formatTime(event.startsAt);
  if (!event.endsAt) return `${day}, ${start}`;
  if (formatDay(event.endsAt) !== day) return `${day}, ${start} to ${formatDay(event.endsAt)}, ${formatTime(event.endsAt)}`;
  return `${day}, ${start} to ${formatTime(event.endsAt)}`;
}

/** The instant a UK wall-clock time (date + HH:mm) happens, e.g. a training session in BST. */
export const ukInstant = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time.slice(0, 5)}`, { zone: TIME_ZONE }).toJSDate();
