import { defineForm } from '../form.js';
import { membershipApplication } from '../types/membership-application.js';

/** An application to join the association; editors are told of each one by e-mail. */
export const membershipForm = defineForm({
  name: 'membership',
  title: 'Apply to join',
  submitLabel: 'Send application',
  fields: {
    name: { label: 'Your full name', autocomplete: 'name', control: 'input', type: 'text', field: membershipApplication.attributes.name },
    email: {
      label: 'Your e-mail address',
      hint: 'We write to you at this address about your application.',
      autocomplete: 'email',
      control: 'input',
      type: 'email',
      field: membershipApplication.attributes.email,
    },
    membershipType: {
      label: 'Which membership are you applying for?',
      control: 'radios',
      whenMissing: 'Choose which membership you are applying for',
      field: membershipApplication.attributes.membershipType,
      choices: [
        { value: 'practitioner', label: 'Practitioner', hint: 'You work as an Independent Reviewing Officer.' },
        { value: 'manager', label: 'Manager', hint: 'You manage an IRO team or service.' },
        { value: 'associate', label: 'Associate', hint: 'You support NAIRO\'s aims from elsewhere in the sector, or in research.' },
      ],
    },
    jobTitle: { label: 'Job title (optional)', autocomplete: 'organization-title', control: 'input', type: 'text', field: membershipApplication.attributes.jobTitle },
    organisation: {
      label: 'Local authority or organisation (optional)',
      autocomplete: 'organization',
      control: 'input',
      type: 'text',
      field: membershipApplication.attributes.organisation,
    },
    message: { label: 'Anything else you want to tell us (optional)', control: 'textarea', field: membershipApplication.attributes.message },
  },
  privacyNote:
    'We keep what you send us so that the committee can consider your application and, if you join, keep in touch with you as a member. We delete it if you do not join.',
});
