/**
 * Dates and times as people in the UK write them, always in UK time: "Thursday 19 March 2015",
 * "10.00am", "Thursday 19 March 2015, 10.00am to 12.30pm". The site's pages and the CMS's e-mails
 * and messages both use these, so a date reads the same everywhere.
 */

/** UK time zone: every date and time is shown in it. */
export const TIME_ZONE = 'Europe/London';

const dayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, weekday: 'long', day: 'numeric', month: 'long', year: 'numeric' });
const shortDayFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, day: 'numeric', month: 'long', year: 'numeric' });
const partsFormat = new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: 'numeric', minute: '2-digit', hour12: false });
const isoDayFormat = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

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

function ukHoursAndMinutes(instant: Date | string): [number, number] {
  const parts = partsFormat.formatToParts(new Date(instant));
  return [Number(parts.find((part) => part.type === 'hour')?.value ?? 0) % 24, Number(parts.find((part) => part.type === 'minute')?.value ?? 0)];
}

/** "10.00am" for an instant, in UK time. */
export const formatTime = (instant: Date | string) => clockTime(...ukHoursAndMinutes(instant));

/** "10.00am on Friday 3 July 2020": a deadline. */
export const formatDeadline = (instant: Date | string) => `${formatTime(instant)} on ${formatDay(instant)}`;

/** "9.30am" from a stored time of day ("09:30:00.000"). */
export const formatTimeOfDay = (time: string) => clockTime(Number(time.slice(0, 2)), Number(time.slice(3, 5)));

/** UK calendar date (YYYY-MM-DD) of an instant: what "today" and "upcoming" compare. */
export const ukDate = (instant: Date | string) => isoDayFormat.format(new Date(instant));

/** UK wall-clock time of an instant as `YYYY-MM-DDTHH:mm`, comparable with a stored date and time of day. */
export function ukWallClock(instant: Date | string): string {
  const [hours, minutes] = ukHoursAndMinutes(instant);
  return `${ukDate(instant)}T${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
