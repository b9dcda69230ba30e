import { defineComponent, field } from '../model.js';

/** A physical place an event or training session is held. */
export const venue = defineComponent({
  category: 'shared',
  name: 'venue',
  displayName: 'Venue',
  description: 'Where an in-person meeting takes place.',
  attributes: {
    name: field.string('Building or organisation, e.g. "Department for Education, Sanctuary Buildings".', {
      required: true,
      maxLength: 200,
    }),
    address: field.text('Street address, one line per part.', { maxLength: 500 }),
    postcode: field.string('UK postcode, e.g. "SW1P 3BT".', { maxLength: 10 }),
  },
});
