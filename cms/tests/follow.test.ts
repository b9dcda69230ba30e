import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { followConsent } from '@iro/content-types';
import type { MailCatcher } from '../../scripts/lib/mail-catcher';
import { documents, type RunningCms } from './support/cms';
import { linkIn, postForm, startCmsWithMail, testSite as site, type CmsWithMail } from './support/forms';

let running: CmsWithMail;
let cms: RunningCms;
let mail: MailCatcher;

/** An address the relay turns away for now (451), as a relay that is down or busy does. */
const refusedForNow = 'relay-busy@example.org';

beforeAll(async () => {
  running = await startCmsWithMail({ formRateLimit: 40, answer: ({ to }) => (to.includes(refusedForNow) ? { responseCode: 451, message: 'Try again later' } : undefined) });
  ({ cms, mail } = running);
});
afterAll(() => running?.stop());

const subscribers = () => documents(cms, 'api::subscriber.subscriber');
const findSubscriber = (email: string) => subscribers().findFirst({ filters: { email }, populate: ['consent'] });

const follow = (body: Record<string, string>, as: 'json' | 'browser' = 'json') => postForm(cms, 'follow', body, as);

describe('following by e-mail, double opt-in', () => {
  let confirmation: { url: string; token: string };

  test('a follow stores a pending subscriber with a consent record and mails a confirmation link, nothing more', async () => {
    const response = await follow({ email: 'Reader@Example.org', sourcePage: '/news/' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ message: 'Check your inbox: we have sent you a link to confirm.', next: '/follow/check-your-email/' });

    const [message] = await mail.waitFor(1);
    expect(message!.to).toEqual(['reader@example.org']);
    expect(message!.subject).toBe('Confirm you want to follow NIROMP');
    expect(message!.from).toContain('no-reply@iro-network.example');
    expect(message!.text).toContain('The link works for 48 hours');
    confirmation = linkIn(message!.text, '/api/forms/follow/confirm');

    const stored = await findSubscriber('reader@example.org');
    expect(stored.status).toBe('pending');
    expect(stored.consent).toMatchObject({ wordingVersion: followConsent.version, sourcePage: '/news/' });
    expect(stored.consent.ipHash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(stored)).not.toContain('127.0.0.1');
    expect(stored.confirmationTokenHash).not.toBe(confirmation.token); // only the hash is kept
  });

  test('following again at once gets the same answer and sends no second e-mail', async () => {
    const response = await follow({ email: 'reader@example.org' });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ message: 'Check your inbox: we have sent you a link to confirm.', next: '/follow/check-your-email/' });
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mail.messages).toHaveLength(1);
  });

  test('opening the link shows a button and changes nothing (mail scanners open links)', async () => {
    const page = await fetch(confirmation.url);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('<button type="submit">Confirm</button>');
    expect(page.headers.get('content-type')).toContain('text/html');
    expect((await findSubscriber('reader@example.org')).status).toBe('pending');
  });

  test('pressing the button confirms, records when, and sends the browser to the site', async () => {
    const response = await fetch(`${cms.url}/api/forms/follow/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: new URLSearchParams({ token: confirmation.token }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/follow/confirmed/`);
    const stored = await findSubscriber('reader@example.org');
    expect(stored.status).toBe('confirmed');
    expect(stored.consent.confirmedAt).toBeTruthy();
    expect(stored.confirmationTokenHash).toBeNull();
    const count = await (await fetch(`${cms.url}/api/forms/followers`)).json();
    expect(count).toEqual({ followers: 1 });
  });

  test('a used or expired link does nothing and says so', async () => {
    const reused = await fetch(`${cms.url}/api/forms/follow/confirm`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: confirmation.token }),
    });
    expect(reused.status).toBe(410);

    await follow({ email: 'late@example.org' });
    const [, late] = await mail.waitFor(2);
    const { token } = linkIn(late!.text, '/api/forms/follow/confirm');
    const pending = await findSubscriber('late@example.org');
    await subscribers().update({ documentId: pending.documentId, data: { confirmationExpiresAt: '2020-01-01T00:00:00.000Z' } });
    const expired = await fetch(`${cms.url}/api/forms/follow/confirm`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(expired.status).toBe(303);
    expect(expired.headers.get('location')).toBe(`${site}/follow/link-expired/`);
    expect((await findSubscriber('late@example.org')).status).toBe('pending');
  });

  test('an already confirmed address gets the same answer as a new one, and no mail', async () => {
    const before = mail.messages.length;
    const response = await follow({ email: 'reader@example.org' }, 'browser');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/follow/check-your-email/`);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mail.messages).toHaveLength(before);
  });

  test('one-click unsubscribe (RFC 8058) needs only the link: no cookie, no login', async () => {
    const reader = await findSubscriber('reader@example.org');
    const link = (cms.strapi.service('api::subscriber.follow') as any).unsubscribeLink(reader.documentId);
    expect(link.headers['List-Unsubscribe-Post']).toBe('List-Unsubscribe=One-Click');
    const response = await fetch(link.url, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(response.status).toBe(200);
    expect((await findSubscriber('reader@example.org')).status).toBe('unsubscribed');

    // The reader's own documentId, with a signature not made here: refused (and so not a 200 for someone else's address).
    const forged = await fetch(link.url.replace(/token=([^.]+)\.[^&]+/, 'token=$1.notavalidsignatureatallxx'), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'List-Unsubscribe=One-Click',
    });
    expect(forged.status).toBe(400);
  });

  test('an old e-mail\'s unsubscribe link still says "unsubscribed" once the address is deleted (mail providers show a failure otherwise)', async () => {
    await subscribers().create({ data: { email: 'erased@example.org', status: 'confirmed', consent: { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' } } });
    const erased = await findSubscriber('erased@example.org');
    const link = (cms.strapi.service('api::subscriber.follow') as any).unsubscribeLink(erased.documentId);
    await subscribers().delete({ documentId: erased.documentId });
    const oneClick = await fetch(link.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    const button = await fetch(link.url.split('?')[0], {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: new URL(link.url).searchParams.get('token')! }).toString(),
    });
    expect(button.headers.get('location')).toBe(`${site}/follow/unsubscribed/`);
    expect(await findSubscriber('erased@example.org')).toBeNull();
  });
});

describe('following, whatever else is happening', () => {
  test('the same address sent ten times at once, typed differently, is one subscriber with one e-mail', async () => {
    const sent = mail.messages.length;
    const answers = await Promise.all(['Twice@Example.org', 'twice@example.org', 'TWICE@EXAMPLE.ORG', ...Array(7).fill('twice@example.org')].map((email) => follow({ email })));
    expect(answers.map((answer) => answer.status)).toEqual(Array(10).fill(202));
    expect(await subscribers().count({ filters: { email: 'twice@example.org' } })).toBe(1);
    await mail.waitFor(sent + 1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mail.messages.slice(sent).filter((message) => message.to.includes('twice@example.org'))).toHaveLength(1);
  });

  test('a relay that turns the confirmation away for now changes nothing in the answer: 202, the address pending, the e-mail kept to retry', async () => {
    const response = await follow({ email: refusedForNow });
    expect(response.status).toBe(202);
    expect(await response.json()).toEqual({ message: 'Check your inbox: we have sent you a link to confirm.', next: '/follow/check-your-email/' });
    expect(await findSubscriber(refusedForNow)).toMatchObject({ status: 'pending' });
    await expect
      .poll(async () => (await cms.strapi.db.query('api::notice-email.notice-email' as never).findMany({ where: { recipients: refusedForNow } })) as { attempts: number }[], { timeout: 10_000 })
      .toEqual([expect.objectContaining({ attempts: expect.any(Number) })]);
    const [notice] = (await cms.strapi.db.query('api::notice-email.notice-email' as never).findMany({ where: { recipients: refusedForNow } })) as { state: string }[];
    expect(notice!.state).not.toBe('sent');
  });

  test('an editor adding an address in capitals stores it in lower case, and the same address again is refused as taken', async () => {
    await subscribers().create({ data: { email: 'Added.By@Editor.Example.org', status: 'confirmed', consent: { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' } } });
    expect(await findSubscriber('added.by@editor.example.org')).toMatchObject({ status: 'confirmed' });
    await expect(subscribers().create({ data: { email: 'added.by@EDITOR.example.org', status: 'pending', consent: { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' } } })).rejects.toThrow(/unique/i);
    expect(await subscribers().count({ filters: { email: 'added.by@editor.example.org' } })).toBe(1);
  });
});

describe('a subscriber\'s own page, from the link in their e-mails', () => {
  const press = (action: string, token: string) =>
    fetch(`${cms.url}/api/forms/manage/${action}`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
  const manageToken = async (email: string) => {
    const subscriber = await findSubscriber(email);
    return new URL((cms.strapi.service('api::subscriber.follow') as any).manageLink(subscriber.documentId)).searchParams.get('token')!;
  };

  test('shows where they stand; stopping takes one button, starting again one button and the e-mailed link (a new consent is recorded)', async () => {
    await subscribers().create({ data: { email: 'manager@example.org', status: 'confirmed', consent: { wordingVersion: 'old', givenAt: '2026-01-01T00:00:00.000Z' } } });
    const token = await manageToken('manager@example.org');
    const page = await (await fetch(`${cms.url}/api/forms/manage?token=${token}`)).text();
    expect(page).toContain('manager@example.org gets an e-mail when something new is posted.');
    expect(page).toContain('<button type="submit">Stop e-mails</button>');

    const stopped = await press('stop', token);
    expect(stopped.headers.get('location')).toBe(`${site}/follow/unsubscribed/`);
    expect((await findSubscriber('manager@example.org')).status).toBe('unsubscribed');
    const again = await (await fetch(`${cms.url}/api/forms/manage?token=${token}`)).text();
    expect(again).toContain('<button type="submit">Start e-mails again</button>');
    expect(again).toContain(followConsent.text);

    // Starting again is confirmed by e-mail, as the first follow was: the page's link may be in an old e-mail someone else has.
    const sent = mail.messages.length;
    expect((await press('restart', token)).headers.get('location')).toBe(`${site}/follow/check-your-email/`);
    const restarted = await findSubscriber('manager@example.org');
    expect(restarted.status).toBe('pending');
    expect(restarted.consent).toMatchObject({ wordingVersion: followConsent.version, sourcePage: 'manage page' });
    expect(restarted.consent.confirmedAt ?? null).toBeNull();
    const [confirmation] = (await mail.waitFor(sent + 1)).slice(sent);
    expect(confirmation!.to).toEqual(['manager@example.org']);
    const { token: confirmToken } = linkIn(confirmation!.text, '/api/forms/follow/confirm');
    await fetch(`${cms.url}/api/forms/follow/confirm`, { method: 'POST', headers: { 'content-type': 'application/json', accept: 'application/json' }, body: JSON.stringify({ token: confirmToken }) });
    expect(await findSubscriber('manager@example.org')).toMatchObject({ status: 'confirmed', consent: { sourcePage: 'manage page', confirmedAt: expect.any(String) } });
  });

  test('"Delete my address" removes the subscriber altogether', async () => {
    const token = await manageToken('manager@example.org');
    expect((await press('delete', token)).headers.get('location')).toBe(`${site}/follow/deleted/`);
    expect(await findSubscriber('manager@example.org')).toBeNull();
    // The link then leads nowhere, and says so.
    const gone = await fetch(`${cms.url}/api/forms/manage?token=${token}`, { redirect: 'manual' });
    expect(gone.headers.get('location')).toBe(`${site}/follow/link-expired/`);
  });

  test('a token signed for something else, or forged, does nothing', async () => {
    await subscribers().create({ data: { email: 'keep@example.org', status: 'confirmed', consent: { wordingVersion: 'old', givenAt: '2026-01-01T00:00:00.000Z' } } });
    const keep = await findSubscriber('keep@example.org');
    const unsubscribeToken = new URL((cms.strapi.service('api::subscriber.follow') as any).unsubscribeLink(keep.documentId).url).searchParams.get('token')!;
    expect((await press('delete', unsubscribeToken)).status).toBe(303);
    expect((await press('delete', `${keep.documentId}.notavalidsignatureatallxx`)).headers.get('location')).toBe(`${site}/follow/link-expired/`);
    expect((await press('explode', await manageToken('keep@example.org'))).status).toBe(303);
    expect(await findSubscriber('keep@example.org')).toMatchObject({ status: 'confirmed' });
  });
});

describe('bad follows are refused and store nothing', () => {
  test('a wrong address gets 400 naming the field (JSON) or the problem page (browser)', async () => {
    const before = await subscribers().count();
    const json = await follow({ email: 'not an address' });
    expect(json.status).toBe(400);
    expect(((await json.json()) as { errors: object }).errors).toHaveProperty('email');
    const browser = await follow({ email: '<script>alert(1)</script>' }, 'browser');
    expect(browser.status).toBe(303);
    expect(browser.headers.get('location')).toBe(`${site}/follow/problem/`);
    const extra = await follow({ email: 'ok@example.org', isAdmin: 'true' });
    expect(extra.status).toBe(400);
    expect(await subscribers().count()).toBe(before);
  });

  test('a bot that fills the hidden field is answered like a person, and nothing is stored or sent', async () => {
    const sent = mail.messages.length;
    const response = await follow({ email: 'bot@example.org', website: 'http://spam.example' });
    expect(response.status).toBe(202);
    expect(await findSubscriber('bot@example.org')).toBeNull();
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(mail.messages).toHaveLength(sent);
  });

  test('opening e-mailed links too fast from one address is refused a while, but a mail provider\'s one-click unsubscribe never is', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await fetch(`${cms.url}/api/forms/manage?token=${'x'.repeat(30)}`, { redirect: 'manual' })).status);
    expect(statuses).toContain(429);
    await subscribers().create({ data: { email: 'gmail-user@example.org', status: 'confirmed', consent: { wordingVersion: 'v1', givenAt: '2026-01-01T00:00:00.000Z' } } });
    const user = await findSubscriber('gmail-user@example.org');
    const link = (cms.strapi.service('api::subscriber.follow') as any).unsubscribeLink(user.documentId);
    const oneClick = await fetch(link.url, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
    expect(oneClick.status).toBe(200);
    expect((await findSubscriber('gmail-user@example.org')).status).toBe('unsubscribed');
  });

  test('a client posting too fast is told to wait (429 with Retry-After)', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 45; i++) statuses.push((await follow({ email: 'x' })).status);
    expect(statuses).toContain(429);
    const limited = await follow({ email: 'x' });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
