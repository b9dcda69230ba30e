import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { followForm, formSchema } from '@iro/content-types';
import { startMailCatcher, type MailCatcher } from '../../scripts/lib/mail-catcher';
import { startCms, type RunningCms } from './support/cms';

let cms: RunningCms;
let mail: MailCatcher;
beforeAll(async () => {
  mail = await startMailCatcher();
  Object.assign(process.env, { SMTP_HOST: '127.0.0.1', SMTP_PORT: String(mail.smtpPort), FORM_RATE_LIMIT: '1000000' });
  cms = await startCms();
});
afterAll(async () => {
  await cms?.stop();
  await mail?.close();
  for (const name of ['SMTP_HOST', 'SMTP_PORT', 'FORM_RATE_LIMIT']) delete process.env[name];
});

const followInput = formSchema(followForm);

/** Bodies of every shape: wrong types, huge and odd strings, markup, missing and extra fields. */
const hostileString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.constantFrom('<script>alert(1)</script>', '"><img src=x onerror=alert(1)>', "' OR 1=1 --", 'a@b', '@example.org', '\u0000', '💥@example.org'),
  fc.string({ minLength: 300, maxLength: 5000 }).map((text) => `${text}@example.org`),
);
const badBody = fc
  .oneof(
    fc.record({ email: fc.oneof(hostileString, fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string(), { maxLength: 3 })) }, { requiredKeys: [] }),
    fc.record({ email: fc.emailAddress(), sourcePage: fc.oneof(fc.integer(), fc.string({ minLength: 501, maxLength: 2000 })) }),
    fc.record({ email: fc.emailAddress(), [fc.sample(fc.constantFrom('isAdmin', 'status', 'consent'), 1)[0]!]: fc.anything() }),
    fc.dictionary(fc.string({ maxLength: 10 }), fc.jsonValue(), { maxKeys: 5 }),
    fc.oneof(fc.constant([]), fc.constant('just a string'), fc.constant(42)),
  );

/** What the CMS receives: the body itself as JSON, or its fields as text in a form post (non-strings as JSON). */
const asForm = (body: unknown) =>
  new URLSearchParams(
    Object.entries(typeof body === 'object' && body !== null && !Array.isArray(body) ? body : { body }).map(([key, value]): [string, string] => [key, typeof value === 'string' ? value : (JSON.stringify(value) ?? '')]),
  );

describe('the follow endpoint under generated bad input', () => {
  test('1,000 bad bodies: every answer is a 4xx with an error, and nothing is stored or sent', async () => {
    const statuses = new Map<number, number>();
    await fc.assert(
      fc.asyncProperty(badBody, fc.constantFrom('json', 'form'), async (body, as) => {
        // Only bodies that are bad as sent: a form post turns 0 into "0", which may be valid.
        fc.pre(!followInput.safeParse(as === 'json' ? body : Object.fromEntries(asForm(body))).success);
        const response = await fetch(`${cms.url}/api/forms/follow`, {
          method: 'POST',
          headers:
            as === 'json'
              ? { 'content-type': 'application/json', accept: 'application/json' }
              : { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
          body: as === 'json' ? JSON.stringify(body) : asForm(body).toString(),
        });
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        const text = await response.text();
        expect(response.status, text).toBeGreaterThanOrEqual(400);
        expect(response.status, text).toBeLessThan(500);
        // Nothing the visitor sent comes back as HTML.
        expect(response.headers.get('content-type')).toContain('application/json');
      }),
      { numRuns: 1000 },
    );
    expect(await cms.strapi.db.query('api::subscriber.subscriber' as never).count()).toBe(0);
    expect(mail.messages).toHaveLength(0);
    expect([...statuses.keys()].every((status) => status >= 400 && status < 500)).toBe(true);
  });
});
