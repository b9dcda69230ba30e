import { defineForm } from '../form.js';
import { enquiry } from '../types/enquiry.js';

/** Contact the steering group, or a region's leads when sent from a region page. */
export const enquiryForm = defineForm({
  name: 'enquiry',
  title: 'Send an enquiry',
  submitLabel: 'Send enquiry',
  fields: {
    region: {
      label: 'Region written to',
      control: 'hidden',
      field: enquiry.attributes.region,
    },
    name: { label: 'Your name', autocomplete: 'name', control: 'input', type: 'text', field: enquiry.attributes.name },
    email: {
      label: 'Your e-mail address',
      hint: 'We reply to this address.',
      autocomplete: 'email',
      control: 'input',
      type: 'email',
      field: enquiry.attributes.email,
    },
    subject: { label: 'Subject', control: 'input', type: 'text', field: enquiry.attributes.subject },
    message: {
      label: 'Your message',
      hint: 'This site cannot advise on individual cases or safeguarding concerns: contact your local authority for those.',
      control: 'textarea',
      field: enquiry.attributes.message,
    },
  },
  privacyNote:
    'We keep your name, e-mail address and message so that the people you wrote to can reply, and delete them when they are no longer needed.',
});
