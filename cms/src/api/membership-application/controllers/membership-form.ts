/**
 * The "Join us" form: the application is stored as pending for editors to decide in the admin,
 * and e-mailed to the membership address from the site settings (or the contact address), with
 * Reply-To the applicant.
 */
import { membershipForm, sitePaths } from '@iro/content-types';
import { insertInGroupCommit } from '../../../forms/group-commit';
import { formEndpoint } from '../../../forms/endpoint';
import { formSettings } from '../../../forms/notify';

interface MembershipInput {
  name: string;
  email: string;
  membershipType: string;
  jobTitle?: string;
  organisation?: string;
  message?: string;
}

export default {
  submit: formEndpoint<MembershipInput & Record<string, unknown>>({
    form: membershipForm,
    thankYouPath: sitePaths.membershipSent(),
    backTo: () => sitePaths.join(),
    async handle(input) {
      const { name, email, membershipType, jobTitle, organisation, message } = input;
      const settings = await formSettings();
      const type = membershipForm.fields.membershipType.choices.find((choice) => choice.value === input.membershipType)?.label ?? input.membershipType;
      const data = { name, email: email.toLowerCase(), membershipType, jobTitle, organisation, message, status: 'pending' };
      await insertInGroupCommit({ uid: 'api::membership-application.membership-application', data, links: {} }, {
        to: [settings.membershipEmail || settings.contactEmail].filter((email): email is string => Boolean(email)),
        replyTo: { name: input.name, email: input.email },
        subject: `Membership application: ${input.name} (${type.toLowerCase()})`,
        text: [
          `${input.name} applied to join through the website.`,
          '',
          `Membership: ${type}`,
          `E-mail: ${input.email}`,
          `Job title: ${input.jobTitle ?? '(not given)'}`,
          `Organisation: ${input.organisation ?? '(not given)'}`,
          '',
          input.message ? `They wrote:\n${input.message}\n` : '',
          'Reply to this e-mail to answer them. Accept or decline the application in the CMS under Membership applications.',
        ].join('\n'),
      });
      return { ok: true, thankYouPath: sitePaths.membershipSent(), message: 'Thank you: your application has been sent. We will reply by e-mail.' };
    },
  }),
};
