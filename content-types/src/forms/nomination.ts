import { defineForm } from '../form.js';
import { nominee } from '../components/nominee.js';
import { nomination } from '../types/nomination.js';

/**
 * A region's nominations in answer to a call. The page draws one set of nominee fields per place
 * the call gives each region; the CMS's rules (deadline, number, local authorities, the region's
 * places) hold for every way a nomination is stored.
 */
export const nominationForm = defineForm({
  name: 'nomination',
  title: 'Send your region\'s nominations',
  submitLabel: 'Send nominations',
  fields: {
    call: { label: 'Call', control: 'hidden', field: nomination.attributes.call },
    region: {
      label: 'Region nominating',
      hint: 'Each region sends its nominations once. If yours has already been sent, contact the steering group.',
      control: 'select',
      whenMissing: 'Choose the region nominating',
      field: nomination.attributes.region,
    },
    nominatorName: {
      label: 'Your name',
      hint: 'Usually the regional lead.',
      autocomplete: 'name',
      control: 'input',
      type: 'text',
      field: nomination.attributes.nominatorName,
    },
    nominatorEmail: {
      label: 'Your e-mail address',
      hint: 'The steering group will reply to this address.',
      autocomplete: 'email',
      control: 'input',
      type: 'email',
      field: nomination.attributes.nominatorEmail,
    },
    nominees: {
      label: 'Nominees',
      itemLabel: 'Nominee',
      control: 'group',
      field: nomination.attributes.nominees,
      fields: {
        // Someone else's details: the browser must not fill in the nominator's own.
        name: { label: 'Full name', autocomplete: 'off', control: 'input', type: 'text', field: nominee.attributes.name },
        email: { label: 'Work e-mail address', autocomplete: 'off', control: 'input', type: 'email', field: nominee.attributes.email },
        localAuthority: { label: 'Local authority', hint: 'The local authority they work for.', control: 'input', type: 'text', field: nominee.attributes.localAuthority },
        role: { label: 'Job title (optional)', control: 'input', type: 'text', field: nominee.attributes.role },
      },
    },
  },
  privacyNote:
    'We keep your name and e-mail address and the nominees\' names, work e-mail addresses, local authorities and job titles, so that the steering group can set up the group and contact the people nominated. Please tell the people you nominate.',
});
