import { sessionKey, sessionLabel, upcomingSessions } from '../components/training-session.js';
import { defineForm, type Choice } from '../form.js';
import { trainingBooking } from '../types/training-booking.js';

/**
 * Book a place on one of a course's dates, or register interest (in a date that is full, or in
 * future dates). The page lists the dates still open; the CMS checks the places again as it
 * stores the booking, so a session is never overbooked however many people press at once.
 */
export const trainingBookingForm = defineForm({
  name: 'training-booking',
  title: 'Book a place',
  submitLabel: 'Send',
  fields: {
    course: { label: 'Course', control: 'hidden', field: trainingBooking.attributes.course },
    kind: {
      label: 'What would you like to do?',
      control: 'radios',
      whenMissing: 'Choose whether to book a place or register your interest',
      field: trainingBooking.attributes.kind,
      choices: [
        { value: 'booking', label: 'Book a place on a date below' },
        { value: 'interest', label: 'Register my interest', hint: 'In a date that is full, or in dates not yet announced: we will let you know when places come up.' },
      ],
    },
    sessionKey: {
      label: 'Date',
      hint: 'To hear about dates not yet announced, register your interest and choose "A future date".',
      control: 'radios',
      whenMissing: 'Choose a date',
      field: trainingBooking.attributes.sessionKey,
    },
    name: { label: 'Your full name', autocomplete: 'name', control: 'input', type: 'text', field: trainingBooking.attributes.name },
    email: {
      label: 'Your e-mail address',
      hint: 'We send the joining details, and a link to cancel, to this address.',
      autocomplete: 'email',
      control: 'input',
      type: 'email',
      field: trainingBooking.attributes.email,
    },
    organisation: {
      label: 'Local authority or organisation (optional)',
      autocomplete: 'organization',
      control: 'input',
      type: 'text',
      field: trainingBooking.attributes.organisation,
    },
  },
  privacyNote:
    'We keep your name, e-mail address and organisation to manage the course and send you its joining details, and delete them after the course.',
});

interface SessionOnOffer {
  date: string;
  startTime: string;
  endTime: string;
  format: 'online' | 'in-person';
  bookingOpen: boolean;
}

/** The form's choice of date: every session still to come, in order, then "A future date" (for interest). */
export function sessionChoices(sessions: readonly SessionOnOffer[], now = new Date()): Choice[] {
  return upcomingSessions(sessions, now)
    .map((session) => ({
      value: sessionKey(session),
      label: `${sessionLabel(session)}, ${session.format === 'online' ? 'online' : 'in person'}`,
      ...(session.bookingOpen ? {} : { hint: 'Booking has closed: you can register your interest.' }),
    }))
    .concat({ value: '', label: 'A future date', hint: 'For dates not yet announced.' });
}
