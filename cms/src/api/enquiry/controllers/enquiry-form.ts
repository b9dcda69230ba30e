/**
 * The contact form: to the steering group, or to a region's leads when sent from a region page.
 * The enquiry is stored with its e-mail to the leads, or to the site's contact address, with
 * Reply-To set to the sender (sent from the queue: forms/notify.ts).
 */
import { enquiryForm, sitePaths } from '@iro/content-types';
import { insertInGroupCommit } from '../../../forms/group-commit';
import { formEndpoint, pageSentWrongly } from '../../../forms/endpoint';
import { formSettings } from '../../../forms/notify';

/** A region with its leads' private e-mail addresses (read on the server, never sent to the public). */
interface Region {
  name: string;
  leads?: { person?: { email?: string | null } | null }[];
}

interface EnquiryInput {
  region?: string;
  name: string;
  email: string;
  subject: string;
  message: string;
}

export default {
  submit: formEndpoint<EnquiryInput & Record<string, unknown>>({
    form: enquiryForm,
    thankYouPath: sitePaths.enquirySent(),
    backTo: (input) => (typeof input.sourcePage === 'string' ? input.sourcePage : undefined),
    async handle(input) {
      const region: Region | null = input.region
        ? ((await strapi.documents('api::region.region' as never).findOne({
            documentId: input.region,
            status: 'published',
            populate: { leads: { populate: ['person'] } },
          } as never)) as Region | null)
        : null;
      if (input.region && !region) {
        return { ok: false, errors: { region: pageSentWrongly } };
      }
      const settings = await formSettings();
      const leads = (region?.leads ?? []).map((lead) => lead.person?.email).filter((email): email is string => Boolean(email));
      const data = { name: input.name, email: input.email, subject: input.subject, message: input.message };
      await insertInGroupCommit({ uid: 'api::enquiry.enquiry', data, links: input.region ? { region: input.region } : {} }, {
        to: leads.length > 0 ? leads : [settings.contactEmail].filter((email): email is string => Boolean(email)),
        replyTo: { name: input.name, email: input.email },
        subject: `Enquiry${region ? ` for ${region.name}` : ''}: ${input.subject}`,
        text: `${input.name} (${input.email}) wrote through the website${region ? ` to the ${region.name} region` : ''}:\n\n${input.message}\n\nReply to this e-mail to answer them. The enquiry is also in the CMS under Enquiries.`,
      });
      return {
        ok: true,
        thankYouPath: sitePaths.enquirySent(),
        message: 'Thank you: your enquiry has been sent. Someone will reply to your e-mail address.',
      };
    },
  }),
};
