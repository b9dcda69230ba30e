import { defineContentType, field } from '../model.js';

export const eventKinds = [
  'regional-meeting',
  'national-meeting',
  'network-meeting',
  'campaign-meeting',
  'conference',
  'learning-event',
  'open-morning',
] as const;

/** A meeting, conference or learning event, with its time and place. */
export const event = defineContentType({
  kind: 'collectionType',
  singularName: 'event',
  pluralName: 'events',
  displayName: 'Event',
  description: 'Regional and national meetings, campaign calls, conferences and learning events.',
  audience: 'public',
  draftAndPublish: true,
  titleField: 'title',
  attributes: {
    title: field.string('Event name.', { required: true, maxLength: 200 }),
    slug: field.uid('Web address of the event page.', { targetField: 'title', required: true }),
    kind: field.enumeration('What sort of event it is.', eventKinds, { required: true, default: 'regional-meeting' }),
    startsAt: field.datetime('Start (entered and shown in UK time).', { required: true }),
    endsAt: field.datetime('End (UK time); leave empty if not known.'),
    allDay: field.boolean('The event has a date but no set times.', { default: false }),
    venue: field.component('Where it is held, for in-person events.', 'shared.venue'),
    onlineUrl: field.string('Joining link for online events.', { maxLength: 2000 }),
    onlineNote: field.string('Shown instead of a link, e.g. "Zoom/Teams link to follow".', { maxLength: 200 }),
    chair: field.string('Who chairs it, e.g. a name or "To be elected".', { maxLength: 200 }),
    organiser: field.string('Body running it, e.g. "NAIRO", if not the site\'s own organisation.', { maxLength: 200 }),
    region: field.relation('The region holding it, for regional events.', 'region', { relation: 'manyToOne', populate: true, fields: ['name', 'slug'] }),
    description: field.markdown('Details, agenda and how to join.'),
    eventStatus: field.enumeration('Whether it goes ahead ("status" is reserved by Strapi for draft/published).', ['scheduled', 'postponed', 'cancelled'], {
      required: true,
      default: 'scheduled',
    }),
  },
});
