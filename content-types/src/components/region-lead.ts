import { defineComponent, field } from '../model.js';

/** A person's role in a region: its chairs and regional leads. */
export const regionLead = defineComponent({
  category: 'region',
  name: 'lead',
  displayName: 'Regional lead',
  description: 'A chair or lead of a region, with their role there.',
  attributes: {
    person: field.relation('The person; their local authority and contact come from their record.', 'person', {
      relation: 'manyToOne',
      required: true,
      populate: true,
    }),
    role: field.string('Their role in this region, e.g. "Chair" or "Regional lead".', {
      required: true,
      maxLength: 100,
    }),
  },
});
