import { defineComponent, field } from '../model.js';
import { formatCalendarDay, formatTimeOfDay, ukWallClock } from '../uk-time.js';

/** One date a training course runs on. Bookings name it by `sessionKey` (its date and start time). */
export const trainingSession = defineComponent({
  category: 'training',
  name: 'session',
  displayName: 'Training session',
  description: 'A date a course runs on, with its time, format and places.',
  attributes: {
    date: field.date('Day the session runs.', { required: true }),
    startTime: field.time('Start time (UK time).', { required: true }),
    endTime: field.time('End time (UK time).', { required: true }),
    format: field.enumeration('How people attend.', ['online', 'in-person'], { required: true, default: 'online' }),
    venue: field.component('Where it is held, for in-person sessions.', 'shared.venue'),
    capacity: field.integer('Places available; bookings stop when they are taken.', { required: true, min: 1, max: 10000, default: 20 }),
    bookingOpen: field.boolean('Untick to stop taking bookings before the session is full.', { default: true }),
  },
});

/** How bookings refer to a session: its date and start time, e.g. `2022-09-09T09:30`. */
export const sessionKey = (session: { date: string; startTime: string }) =>
  `${session.date}T${session.startTime.slice(0, 5)}`;

/** "Friday 9 September 2022, 9.30am to 1.00pm": a session as people read it on the site and in e-mails. */
export const sessionLabel = (session: { date: string; startTime: string; endTime: string }) =>
  `${formatCalendarDay(session.date)}, ${formatTimeOfDay(session.startTime)} to ${formatTimeOfDay(session.endTime)}`;

/** A session still to come (it starts, in UK time, after `now`): only these can be booked. */
export const sessionIsUpcoming = (session: { date: string; startTime: string }, now = new Date()) => sessionKey(session) > ukWallClock(now);

/** A course's sessions still to come, soonest first: what the site lists and the booking form offers. */
export const upcomingSessions = <S extends { date: string; startTime: string }>(sessions: readonly S[], now = new Date()): S[] =>
  sessions.filter((session) => sessionIsUpcoming(session, now)).sort((a, b) => sessionKey(a).localeCompare(sessionKey(b)));
