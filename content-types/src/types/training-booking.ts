import { defineContentType, field } from '../model.js';

/** A place booked on a training session, or interest registered in one. */
export const trainingBooking = defineContentType({
  kind: 'collectionType',
  singularName: 'training-booking',
  pluralName: 'training-bookings',
  displayName: 'Training booking',
  description: 'Bookings and registrations of interest for training sessions.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'name',
  attributes: {
    course: field.relation('The course booked.', 'training-course', { relation: 'manyToOne', required: true }),
    sessionKey: field.string(
      'Which of the course\'s sessions: its date and start time, e.g. 2022-09-09T09:30. Empty for interest in future dates.',
      { maxLength: 16 },
    ),
    kind: field.enumeration('A booked place, or interest in a future date.', ['booking', 'interest'], {
      required: true,
      default: 'booking',
    }),
    name: field.string('Full name.', { required: true, maxLength: 100 }),
    email: field.email('E-mail address for joining details. Stored in lower case: one address, one place.', { required: true }),
    organisation: field.string('Local authority or organisation.', { maxLength: 200 }),
    status: field.enumeration('Whether the place stands. Only confirmed bookings take up a place; cancelling one frees it.', ['confirmed', 'cancelled'], {
      required: true,
      default: 'confirmed',
    }),
  },
  indexes: [
    // The places rule's questions, asked for every group of bookings: how many confirmed places a
    // session has, and which of these addresses hold one. Without it each is a scan of every booking.
    { name: 'places', fields: ['sessionKey', 'kind', 'status', 'email'] },
  ],
});
