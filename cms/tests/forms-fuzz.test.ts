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

describe('every endpoint behind an e-mailed link under generated bad tokens', () => {
  /** A follower and a booking whose state must survive every bad request. */
  let state: () => Promise<unknown>;
  let followerId: string;
  beforeAll(async () => {
    const subscribers = cms.strapi.documents('api::subscriber.subscriber' as never) as any;
    const follower = await subscribers.create({ data: { email: 'steady@example.org', status: 'confirmed', consent: { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' } } });
    followerId = follower.documentId;
    const course = await (cms.strapi.documents('api::training-course.training-course' as never) as any).findFirst({ status: 'published' });
    await (cms.strapi.documents('api::training-booking.training-booking' as never) as any).create({ data: { course: course.documentId, kind: 'interest', name: 'Steady', email: 'steady@example.org' } });
    state = async () => [
      await cms.strapi.db.query('api::subscriber.subscriber' as never).findMany({ select: ['documentId', 'status'] }),
      await cms.strapi.db.query('api::training-booking.training-booking' as never).findMany({ select: ['documentId', 'status'] }),
    ];
  });

  /** A token from a real e-mailed link of this follower, for `purpose` (manage or unsubscribe). */
  const realToken = (purpose: 'manage' | 'unsubscribe') => {
    const follow = cms.strapi.service('api::subscriber.follow') as any;
    const url = purpose === 'manage' ? follow.manageLink(followerId) : follow.unsubscribeLink(followerId).url;
    return new URL(url).searchParams.get('token')!;
  };
  /**
   * Tokens of every kind but one that works where it is sent: wrong shapes, the follower's id with
   * a forged signature, and real tokens signed for another purpose than the endpoint's.
   */
  const badToken = (worksHere: 'manage' | 'unsubscribe' | undefined) =>
    fc.oneof(
      hostileValue,
      fc.stringMatching(/^[A-Za-z0-9_.-]{20,80}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{43}$/).map((signature) => `${followerId}.${signature}`),
      fc.constantFrom(...(['manage', 'unsubscribe'] as const).filter((purpose) => purpose !== worksHere).map(realToken)),
    );
  const endpoints = [
    ['POST', '/api/forms/follow/confirm', undefined],
    ['POST', '/api/forms/unsubscribe', 'unsubscribe'],
    ['POST', '/api/forms/manage/delete', 'manage'],
    ['POST', '/api/forms/manage/stop', 'manage'],
    ['POST', '/api/forms/training-booking/cancel', undefined],
    ['GET', '/api/forms/manage', undefined],
    ['GET', '/api/forms/training-booking/cancel', undefined],
  ] as const;

  test.each(endpoints)('%s %s: 1,000 bad tokens and bodies get no 5xx, echo no markup, and change nothing', async (method, path, worksHere) => {
    const before = await state();
    await fc.assert(
      fc.asyncProperty(badToken(worksHere), fc.dictionary(fc.string({ maxLength: 12 }), hostileValue, { maxKeys: 3 }), fc.boolean(), async (token, extra, oneClick) => {
        const query = method === 'GET' || oneClick ? `?${new URLSearchParams({ token: typeof token === 'string' ? token : (JSON.stringify(token) ?? '') })}` : '';
        const body = method === 'GET' ? undefined : oneClick ? 'List-Unsubscribe=One-Click' : JSON.stringify({ ...extra, token });
        const response = await fetch(`${cms.url}${path}${query}`, {
          method,
          redirect: 'manual',
          headers: method === 'GET' ? {} : { 'content-type': oneClick ? 'application/x-www-form-urlencoded' : 'application/json' },
          body,
        });
        const text = await response.text();
        expect(response.status, `${response.status}: ${text.slice(0, 200)}`).toBeLessThan(500);
        expect(text).not.toMatch(/<script>alert|<img src=x onerror/);
      }),
      { numRuns: 1000 },
    );
    expect(await state()).toEqual(before);
  });
});
