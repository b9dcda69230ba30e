/**
 * Dates and times as people in the UK write them, always in UK time:
 * "Thursday 19 March 2015", "10.00am", "Thursday 19 March 2015, 10.00am to 12.30pm".
 */
import { DateTime } from 'luxon';
import { TIME_ZONE } from '../consts';

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const partsFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: 'numeric', minute: '2-digit', hour12: false });

/** "Thursday 19 March 2015" (Intl puts a comma after the weekday; British style has none). */
export const formatDay = (instant: Date | string) => dayFormat.format(new Date(instant)).replace(',', '');

/** "19 March 2015" for a calendar date (YYYY-MM-DD) or an instant. */
export function formatDate(value: Date | string): string {
  // A bare date is a calendar day, not an instant: read it at noon UTC so no zone moves it.
  const date = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00Z`) : new Date(value);
  return shortDayFormat.format(date);
}

/** "Friday 9 September 2022" for a calendar date (YYYY-MM-DD). */
export const formatCalendarDay = (date: string) => formatDay(new Date(`${date}T12:00:00Z`));

/** "10.00am", "12.30pm", "9.30am" from hours and minutes. */
export function clockTime(hours: number, minutes: number): string {
  const suffix = hours >= 12 ? 'pm' : 'am';
  const hour12 = hours % 12 === 0 ? 12 : hours % 12;
  return `${hour12}.${String(minutes).padStart(2, '0')}${suffix}`;
}

/** "10.00am" for an instant, in UK time. */
export function formatTime(instant: Date | string): string {
  const parts = partsFormat.formatToParts(new Date(instant));
  const hours = Number(parts.find((part) => part.type === 'hour')?.value ?? 0) % 24;
  const minutes = Number(parts.find((part) => part.type === 'minute')?.value ?? 0);
  return clockTime(hours, minutes);
}

/** "9.30am" from a stored time of day ("09:30:00.000"). */
export const formatTimeOfDay = (time: string) => clockTime(Number(time.slice(0, 2)), Number(time.slice(3, 5)));

/** "Thursday 19 March 2015, 10.00am to 12.30pm"; the day alone for all-day events. */
export function formatEventTime(event: { startsAt: string; endsAt: string | null; allDay: boolean }): string {
  const day = formatDay(event.startsAt);
  if (event.allDay) return day;
  const start = formatTime(event.startsAt);
  if (!event.endsAt) return `${day}, ${start}`;
  if (formatDay(event.endsAt) !== day) return `${day}, ${start} to ${formatDay(event.endsAt)}, ${formatTime(event.endsAt)}`;
  return `${day}, ${start} to ${formatTime(event.endsAt)}`;
}

/** UK calendar date (YYYY-MM-DD) of an instant: what "today" and "upcoming" compare. */
export function ukDate(instant: Date | string): string {
  return new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(instant));
}

/** The instant a UK wall-clock time (date + HH:mm) happens, e.g. a training session in BST. */
export const ukInstant = (date: string, time: string) =>
  DateTime.fromISO(`${date}T${time.slice(0, 5)}`, { zone: TIME_ZONE }).toJSDate();
