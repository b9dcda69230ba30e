/**
 * A region's nominations in answer to a call, from the form on the call's page. The call's rules
 * (deadline, number of nominees, different local authorities, the region's places) are the
 * Document Service middleware's (document-rules/nomination-rules.ts), so they hold here and in the
 * admin alike; a broken rule comes back as an error by the field it is about. Once stored, the
 * nominations are e-mailed to the call's steering-group leads (or the site's contact address),
 * with Reply-To the nominator.
 */
import { entryPath, formatDeadline, nominationForm, sitePaths, type Choice } from '@iro/content-types';
import { formEndpoint, pageSentWrongly, type FormOutcome } from '../../../forms/endpoint';
import { formSettings, notify } from '../../../forms/notify';

interface NominationInput {
  call: string;
  region: string;
  nominatorName: string;
  nominatorEmail: string;
  nominees: { name: string; email: string; localAuthority: string; role?: string }[];
}

interface Call {
  title: string;
  slug: string;
  closesAt: string;
  steeringGroup?: { email?: string | null }[];
}

const findCall = (documentId: unknown) =>
  typeof documentId === 'string' && documentId
    ? (strapi.documents('api::nomination-call.nomination-call' as never).findOne({ documentId, status: 'published', populate: { steeringGroup: true } } as never) as Promise<Call | null>)
    : Promise.resolve(null);

/** The nine regions, as the form's drop-down lists them (the site draws the same list from its content). */
export async function regionChoices(): Promise<Choice[]> {
  const regions = (await strapi.documents('api::region.region' as never).findMany({ status: 'published', fields: ['name'], sort: 'name:asc', limit: 100 } as never)) as unknown as {
    documentId: string;
    name: string;
  }[];
  return regions.map((region) => ({ value: region.documentId, label: region.name }));
}

export default {
  submit: formEndpoint<NominationInput & Record<string, unknown>>({
    form: nominationForm,
    thankYouPath: sitePaths.nominationSent(),
    backTo: async (input) => {
      const call = await findCall(input.call);
      return call ? entryPath('nomination-call', call) : undefined;
    },
    choices: async () => ({ region: await regionChoices() }),
    async handle(input): Promise<FormOutcome> {
      const call = await findCall(input.call);
      if (!call) return { ok: false, errors: { call: pageSentWrongly } };
      const region = (await strapi.documents('api::region.region' as never).findOne({ documentId: input.region, status: 'published' } as never)) as { name: string } | null;
      if (!region) return { ok: false, errors: { region: 'Choose the region nominating from the list' } };
      const nominees = input.nominees.map((nominee) => ({ ...nominee, email: nominee.email.toLowerCase() }));
      const leads = (call.steeringGroup ?? []).map((person) => person.email).filter((email): email is string => Boolean(email));
      const settings = await formSettings();
      // The nominations and their e-mail are stored together, or neither is.
      await strapi.db.transaction(async () => {
        await strapi.documents('api::nomination.nomination' as never).create({
          data: { call: input.call, region: input.region, nominatorName: input.nominatorName, nominatorEmail: input.nominatorEmail.toLowerCase(), nominees },
        } as never);
        await notify({
          to: leads.length > 0 ? leads : [settings.contactEmail].filter((email): email is string => Boolean(email)),
          replyTo: { name: input.nominatorName, email: input.nominatorEmail },
          subject: `Nominations from ${region.name}: ${call.title}`,
          text: [
            `${input.nominatorName} (${input.nominatorEmail}) sent ${region.name}'s nominations for "${call.title}" through the website:`,
            '',
            ...nominees.map((nominee, index) => `${index + 1}. ${nominee.name}${nominee.role ? `, ${nominee.role}` : ''}, ${nominee.localAuthority} (${nominee.email})`),
            '',
            `The call closes at ${formatDeadline(call.closesAt)}. Reply to this e-mail to answer ${input.nominatorName}. The nominations are also in the CMS under Nominations.`,
          ].join('\n'),
        });
      });
      return {
        ok: true,
        thankYouPath: sitePaths.nominationSent(),
        message: `Thank you: ${region.name}'s nominations have been sent to the steering group.`,
      };
    },
  }),
};
