import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { forms, formSchema, type FormName } from '@iro/content-types';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { startCms, type RunningCms } from './support/cms';
import { seedDemoContent } from './support/seed';

let cms: RunningCms;
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort), FORM_RATE_LIMIT: '1000000' });
  cms = await startCms();
  await seedDemoContent(cms.strapi);
});
afterAll(async () => {
  await cms?.stop();
  await mail?.close();
  for (const name of ['SMTP_HOST', 'SMTP_PORT', 'FORM_RATE_LIMIT']) delete process.env[name];
});

/** Values of every kind: wrong types, empty, huge and odd strings, markup, injection attempts. */
const hostileValue = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('', ' ', '<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' OR 1=1 --", 'a@b', '\u0000', '💥@example.org', 'on'),
  fc.string({ minLength: 300, maxLength: 6000 }),
  fc.emailAddress(),
  fc.integer(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 2 }),
);

/** Bodies built from a form's own field names (so they get past the first check) plus strangers. */
const bodyFor = (name: FormName) =>
  fc.dictionary(fc.oneof(fc.constantFrom(...Object.keys(forms[name].fields)), fc.string({ maxLength: 12 })), hostileValue, { maxKeys: 7 });

/** What the CMS receives: the body as JSON, or its fields as text in a form post (non-strings as JSON). */
const asForm = (body: Record<string, unknown>) =>
  new URLSearchParams(Object.entries(body).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : (JSON.stringify(value) ?? '')]));

const stored = () =>
  Promise.all(['api::subscriber.subscriber', 'api::enquiry.enquiry', 'api::comment.comment'].map((uid) => cms.strapi.db.query(uid as never).count()));

describe('every form endpoint under generated bad input', () => {
  test.each(Object.keys(forms) as FormName[])('%s: 1,000 bad bodies get a 4xx each, no markup echoed, nothing stored or sent', async (name) => {
    const schema = formSchema(forms[name]);
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(bodyFor(name), fc.constantFrom('json', 'browser'), async (body, as) => {
        // Only bodies that are bad as sent: a form post turns 0 into "0", which may be valid.
        fc.pre(!schema.safeParse(as === 'json' ? body : Object.fromEntries(asForm(body))).success);
        const response = await fetch(`${cms.url}/api/forms/${name}`, {
          method: 'POST',
          redirect: 'manual',
          headers:
            as === 'json'
              ? { 'content-type': 'application/json', accept: 'application/json' }
              : { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
          body: as === 'json' ? JSON.stringify(body) : asForm(body).toString(),
        });
        const text = await response.text();
        // A browser's bad follow is sent to the site's problem page (303); every other answer is a 4xx.
        const ok = (response.status >= 400 && response.status < 500) || (name === 'follow' && as === 'browser' && response.status === 303);
        expect(ok, `${response.status}: ${text.slice(0, 200)}`).toBe(true);
        expect(text).not.toMatch(/<script>alert|<img src=x onerror/);
      }),
      { numRuns: 1000 },
    );
    expect(await stored()).toEqual(before);
    expect(mail.messages).toHaveLength(0);
  });
});
