import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contentTypes, forms, formSchema, type FormField, type FormGroup, type FormName } from '@iro/content-types';
import type { MailCatcher } from '../../scripts/lib/mail-catcher';
import type { RunningCms } from './support/cms';
import { asReceived, postForm, startCmsWithMail, type CmsWithMail } from './support/forms';

let running: CmsWithMail;
let cms: RunningCms;
let mail: MailCatcher;
beforeAll(async () => {
  running = await startCmsWithMail({ formRateLimit: 1_000_000 });
  ({ cms, mail } = running);
});
afterAll(() => running?.stop());

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

/** Keys a form knows, mixed with strangers. */
const keysOf = (known: string[]) => fc.oneof(fc.constantFrom(...known), fc.string({ maxLength: 12 }));

/**
 * Bodies built from a form's own field names (so they get past the first check) plus strangers;
 * a repeated group (the nominees) gets lists of items built from its own fields too.
 */
const bodyFor = (name: FormName) => {
  const fields = forms[name].fields as Record<string, FormField>;
  const groups = Object.entries(fields).filter(([, field]) => field.control === 'group') as [string, FormGroup][];
  const body = fc.dictionary(keysOf(Object.keys(fields)), hostileValue, { maxKeys: 7 });
  if (groups.length === 0) return body;
  const items = groups.map(([key, group]) =>
    fc.option(fc.array(fc.dictionary(keysOf(Object.keys(group.fields)), hostileValue, { maxKeys: 5 }), { maxLength: 4 })).map((value) => [key, value] as const),
  );
  return fc.tuple(body, ...items).map(([base, ...lists]) => ({ ...base, ...Object.fromEntries(lists.filter(([, value]) => value !== null)) }));
};

/** Rows of every private type: what visitors' forms could store. */
const stored = () =>
  Promise.all(
    Object.values(contentTypes)
      .filter((definition) => definition.audience === 'private')
      .map((definition) => cms.strapi.db.query(`api::${definition.singularName}.${definition.singularName}` as never).count()),
  );

describe('every form endpoint under generated bad input', () => {
  test.each(Object.keys(forms) as FormName[])('%s: 1,000 bad bodies get a 4xx each, no markup echoed, nothing stored or sent', async (name) => {
    const schema = formSchema(forms[name]);
    const before = await stored();
    await fc.assert(
      fc.asyncProperty(bodyFor(name), fc.constantFrom('json', 'browser'), async (body, as) => {
        // Only bodies that are bad as sent: a form post turns 0 into "0", which may be valid.
        fc.pre(!schema.safeParse(as === 'json' ? body : asReceived(body)).success);
        const response = await postForm(cms, name, body, as);
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
