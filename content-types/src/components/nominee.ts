import { defineComponent, field } from '../model.js';

/** Someone put forward in a nomination. */
export const nominee = defineComponent({
  category: 'nomination',
  name: 'nominee',
  displayName: 'Nominee',
  description: 'An IRO nominated to represent their region.',
  attributes: {
    name: field.string('Full name.', { required: true, maxLength: 200 }),
    email: field.email('Work e-mail address.', { required: true }),
    localAuthority: field.string('Local authority they work for.', { required: true, maxLength: 200 }),
    role: field.string('Job title, e.g. "Independent Reviewing Officer".', { maxLength: 200 }),
  },
});
