/**
 * What the form tests share: the real CMS with its mail going to an in-process SMTP server, and
 * posting a form as a script (JSON) or as a browser without JavaScript (urlencoded) would.
 */
import qs from 'qs';
import { startMailCatcher, type MailCatcher } from '../../../scripts/lib/mail-catcher';
import { startCms, type RunningCms } from './cms';
import { seedDemoContent } from './seed';
import type { RelayAnswer, SenderAnswer } from '../../../scripts/lib/mail-catcher';

export const testSite = 'https://iro-network.test';

export interface CmsWithMail {
  cms: RunningCms;
  mail: MailCatcher;
  stop(): Promise<void>;
}

/**
 * Boots the CMS (demo content loaded) sending mail to a fresh mail catcher; `formRateLimit` posts
 * per minute per client; `answer` decides the catcher's reply to each message; `env` adds settings.
 */
export async function startCmsWithMail(options: { formRateLimit: number; answer?: RelayAnswer; answerSender?: SenderAnswer; env?: Record<string, string> }): Promise<CmsWithMail> {
  const mail = await startMailCatcher({ answer: options.answer, answerSender: options.answerSender });
  const env = { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort), SITE_URL: testSite, FORM_RATE_LIMIT: String(options.formRateLimit), ...options.env };
  Object.assign(process.env, env);
  const cms = await startCms();
  // Links in e-mails point at the CMS's public address: here, the port it got.
  process.env.CMS_PUBLIC_URL = cms.url;
  await seedDemoContent(cms.strapi);
  return {
    cms,
    mail,
    async stop() {
      await cms.stop();
      await mail.close();
      for (const name of [...Object.keys(env), 'CMS_PUBLIC_URL']) delete process.env[name];
    },
  };
}

/**
 * A body as a browser sends a form: text fields as they are, nested ones in brackets
 * (`nominees[0][name]`, which is how the forms name them), numbers and booleans as their text.
 */
export const asFormFields = (body: Record<string, unknown>) => qs.stringify(body, { arrayFormat: 'indices' });

/** What the CMS reads from such a body (its body parser is qs, with dots allowed). */
export const asReceived = (body: Record<string, unknown>) => qs.parse(asFormFields(body), { allowDots: true }) as Record<string, unknown>;

/** Posts a form to the CMS as a script asking for JSON, or as a browser without JavaScript. */
export function postForm(cms: RunningCms, form: string, body: Record<string, unknown>, as: 'json' | 'browser' = 'json') {
  return fetch(`${cms.url}/api/forms/${form}`, {
    method: 'POST',
    redirect: 'manual',
    headers:
      as === 'json'
        ? { 'content-type': 'application/json', accept: 'application/json' }
        : { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
    body: as === 'json' ? JSON.stringify(body) : asFormFields(body),
  });
}

/** The error per field of a refused JSON post. */
export const errorsOf = async (response: Response) => ((await response.json()) as { errors: Record<string, string> }).errors;

/** The e-mailed link to a CMS path (`/api/forms/follow/confirm`) in a message's text, with its token. */
export function linkIn(text: string, path: string): { url: string; token: string } {
  const match = text.match(new RegExp(`https?://[^\\s]*${path.replace(/\//g, '\\/')}\\?token=([A-Za-z0-9_.-]+)`));
  if (!match) throw new Error(`no ${path} link in: ${text}`);
  return { url: match[0], token: match[1]! };
}
