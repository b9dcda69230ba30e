import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MailCatcher, RelayAnswer, SenderAnswer } from '../../scripts/lib/mail-catcher';
import { documents, type RunningCms } from './support/cms';
import { errorsOf, postForm, startCmsWithMail, testSite as site, type CmsWithMail } from './support/forms';
import { outbox, waitUntil } from './support/outbox';

let running: CmsWithMail;
let cms: RunningCms;
let mail: MailCatcher;
/** The relay's answer to each message; tests swap it to refuse some. */
let answer: RelayAnswer = () => undefined;
/** The relay's answer to our sender address, for every message alike. */
let answerSender: SenderAnswer = () => undefined;

beforeAll(async () => {
  // Retries after a temporary refusal come after a second, not a minute. CORS_ORIGINS empty, as
  // docker-compose.yml passes it when it is not set.
  running = await startCmsWithMail({
    formRateLimit: 1000,
    answer: (message) => answer(message),
    answerSender: (from) => answerSender(from),
    env: { MAIL_RETRY_SECONDS: '1', CORS_ORIGINS: '' },
  });
  ({ cms, mail } = running);
});
afterAll(() => running?.stop());

const post = (form: string, body: Record<string, unknown>, as: 'json' | 'browser' = 'json') => postForm(cms, form, body, as);
const findOne = (uid: string, filters: object) => documents(cms, uid).findFirst({ filters });
const published = async () => ((await (await fetch(`${cms.url}/api/forms/comments`)).json()) as { data: { post: string; authorName: string; body: string }[] }).data;

describe('only the site may post the forms from a browser script', () => {
  const preflight = (origin: string) =>
    fetch(`${cms.url}/api/forms/enquiry`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } });

  test("the site's origin is admitted (CORS_ORIGINS left empty means the site's alone), any other is not", async () => {
    expect((await preflight(site)).headers.get('access-control-allow-origin')).toBe(site);
    const other = await preflight('https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('https://elsewhere.example');
    expect(other.headers.get('access-control-allow-origin')).not.toBe('*');
  });
});

describe('enquiries reach the people they are for', () => {
  test('to the steering group: stored, and e-mailed to the site\'s contact address with Reply-To the sender', async () => {
    const response = await post('enquiry', { name: 'Ann Lee', email: 'ann@example.org', subject: 'Joining a region', message: 'How do I join my regional group?' });
    expect(response.status).toBe(201);
    const [message] = await mail.waitFor(1);
    expect(message!.to).toEqual(['steering-group@iro-network.example']);
    expect(message!.headers.get('reply-to')).toMatchObject({ value: [{ name: 'Ann Lee', address: 'ann@example.org' }] });
    expect(message!.subject).toBe('Enquiry: Joining a region');
    expect(message!.text).toContain('How do I join my regional group?');
    expect(await findOne('api::enquiry.enquiry', { email: 'ann@example.org' })).toMatchObject({ subject: 'Joining a region', status: 'new' });
  });

  test('to a region: e-mailed to its leads\' own addresses (which the public never sees)', async () => {
    const chair = await findOne('api::person.person', { name: 'Susan Webb' });
    await documents(cms, 'api::person.person').update({ documentId: chair.documentId, data: { email: 'susan.webb@bexley.example' } });
    const london = await findOne('api::region.region', { slug: 'london' });
    const response = await post('enquiry', { region: london.documentId, name: 'Bo', email: 'bo@example.org', subject: 'Next meeting', message: 'Is the June meeting on?' }, 'browser');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/thank-you/enquiry/`);
    const messages = await mail.waitFor(2);
    expect(messages[1]!.to).toEqual(['susan.webb@bexley.example']);
    expect(messages[1]!.subject).toBe('Enquiry for London: Next meeting');
  });

  test('a browser without JavaScript gets the form back: "Error:" title, a summary linked to each field, what it typed kept and escaped', async () => {
    const before = await documents(cms, 'api::enquiry.enquiry').count();
    const response = await post('enquiry', { name: '', email: 'not-an-address', subject: 'Hi', message: '<script>alert(1)</script> please reply' }, 'browser');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Error: Send an enquiry');
    expect(html).toContain('<a href="#field-name">Enter your name</a>');
    expect(html).toContain('<a href="#field-email">Enter an e-mail address in the correct format, like name@example.org</a>');
    expect(html).toContain('value="not-an-address"');
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt; please reply');
    expect(html).not.toContain('<script>alert(1)');
    expect(await documents(cms, 'api::enquiry.enquiry').count()).toBe(before);
  });

  test('a control character in otherwise good text (NUL, which PostgreSQL cannot store) is refused by its field: a 400, not a 500', async () => {
    const before = await documents(cms, 'api::enquiry.enquiry').count();
    const response = await post('enquiry', { name: 'Nul Sender', email: 'nul@example.org', subject: 'Pasted', message: 'Pasted from somewhere\u0000 odd' });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { errors: Record<string, string> }).errors).toEqual({
      message: 'Your message has a hidden character in it that cannot be stored: type it again rather than pasting it',
    });
    expect(await documents(cms, 'api::enquiry.enquiry').count()).toBe(before);
    // Tabs and line breaks are text.
    expect((await post('enquiry', { name: 'Tab Sender', email: 'tab@example.org', subject: 'Lines', message: 'One\tline\r\nand another' })).status).toBe(201);
  });
});

describe('comments are held for moderation', () => {
  let postId: string;
  beforeAll(async () => {
    postId = (await findOne('api::post.post', { slug: 'safeguarding-pressures-phase-8' })).documentId;
  });

  test('a comment is stored as pending and is not public until an editor approves it', async () => {
    const response = await post('comment', { post: postId, authorName: 'Cam', email: 'Cam@Example.org', body: 'Useful summary, thank you.' });
    expect(response.status).toBe(201);
    const stored = await findOne('api::comment.comment', { email: 'cam@example.org' });
    expect(stored.status).toBe('pending');
    expect(await published()).toEqual([]);

    await documents(cms, 'api::comment.comment').update({ documentId: stored.documentId, data: { status: 'approved' } });
    const shown = await published();
    expect(shown).toEqual([{ post: 'safeguarding-pressures-phase-8', authorName: 'Cam', body: 'Useful summary, thank you.', createdAt: expect.any(String) }]);
    expect(JSON.stringify(shown)).not.toContain('cam@example.org');
  });

  test('"please don\'t publish" makes it a private message that never appears, even if approved', async () => {
    await post('comment', { post: postId, authorName: 'Dee', email: 'dee@example.org', body: 'Private note for the editors', doNotPublish: true });
    const stored = await findOne('api::comment.comment', { email: 'dee@example.org' });
    expect(stored.doNotPublish).toBe(true);
    await documents(cms, 'api::comment.comment').update({ documentId: stored.documentId, data: { status: 'approved' } });
    expect((await published()).map((comment) => comment.authorName)).not.toContain('Dee');
  });

  test('a post with comments closed refuses them, naming why', async () => {
    await documents(cms, 'api::post.post').update({ documentId: postId, data: { commentsOpen: false }, status: 'published' });
    const response = await post('comment', { post: postId, authorName: 'Eve', email: 'eve@example.org', body: 'Too late?' });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { post: 'Comments are closed on this post.' } });
    expect(await findOne('api::comment.comment', { email: 'eve@example.org' })).toBeNull();
    await documents(cms, 'api::post.post').update({ documentId: postId, data: { commentsOpen: true }, status: 'published' });
  });

  test('links past the limit and moderation keywords hold a comment as spam', async () => {
    await post('comment', { post: postId, authorName: 'Spam', email: 'links@example.org', body: 'see http://a.example http://b.example http://c.example' });
    expect((await findOne('api::comment.comment', { email: 'links@example.org' })).status).toBe('spam');
    const settings = await documents(cms, 'api::site-setting.site-setting').findFirst();
    await documents(cms, 'api::site-setting.site-setting').update({ documentId: settings.documentId, data: { moderationKeywords: 'casino\ncheap pills' } });
    await post('comment', { post: postId, authorName: 'Kay', email: 'kay@example.org', body: 'Win at the CASINO today' });
    expect((await findOne('api::comment.comment', { email: 'kay@example.org' })).status).toBe('spam');
  });

  test('a comment sent moments after its form was shown (the site\'s script measures it) is held as spam; one that took a while, or sent without the script, is not', async () => {
    await post('comment', { post: postId, authorName: 'Quick Bot', email: 'quick@example.org', body: 'Great post!', secondsToFill: 0.8 });
    expect((await findOne('api::comment.comment', { email: 'quick@example.org' })).status).toBe('spam');
    await post('comment', { post: postId, authorName: 'Slow Reader', email: 'slow@example.org', body: 'Thoughtful words.', secondsToFill: '42.5' }, 'browser');
    expect((await findOne('api::comment.comment', { email: 'slow@example.org' })).status).toBe('pending');
    await post('comment', { post: postId, authorName: 'No Script', email: 'noscript@example.org', body: 'Sent the ordinary way.', secondsToFill: '' }, 'browser');
    expect((await findOne('api::comment.comment', { email: 'noscript@example.org' })).status).toBe('pending');
    expect((await post('comment', { post: postId, authorName: 'Odd', email: 'odd@example.org', body: 'x', secondsToFill: 'soon' })).status).toBe(400);
  });

  test('someone with an approved comment is published at once only when the site settings say so', async () => {
    await post('comment', { post: postId, authorName: 'Cam', email: 'cam@example.org', body: 'A second thought.' });
    const second = await documents(cms, 'api::comment.comment').findFirst({ filters: { body: 'A second thought.' } });
    expect(second.status).toBe('pending');

    const settings = await documents(cms, 'api::site-setting.site-setting').findFirst();
    await documents(cms, 'api::site-setting.site-setting').update({ documentId: settings.documentId, data: { autoApproveReturningCommenters: true } });
    await post('comment', { post: postId, authorName: 'Cam', email: 'cam@example.org', body: 'A third thought.' });
    const third = await documents(cms, 'api::comment.comment').findFirst({ filters: { body: 'A third thought.' } });
    expect(third.status).toBe('approved');
    // However they type their address this time.
    await post('comment', { post: postId, authorName: 'Cam', email: 'Cam@Example.ORG', body: 'A fourth thought.' });
    expect((await documents(cms, 'api::comment.comment').findFirst({ filters: { body: 'A fourth thought.' } })).status).toBe('approved');
    await post('comment', { post: postId, authorName: 'New', email: 'new@example.org', body: 'First time here.' });
    expect((await findOne('api::comment.comment', { email: 'new@example.org' })).status).toBe('pending');
  });
});

describe('membership applications', () => {
  const application = { name: 'Mo Reviewer', email: 'Mo@Example.org', membershipType: 'practitioner', jobTitle: 'Independent Reviewing Officer', organisation: 'Leeds City Council' };

  test('stored as pending for editors, and e-mailed to the contact address with Reply-To the applicant', async () => {
    const sent = mail.messages.length;
    const response = await post('membership', application, 'browser');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/thank-you/membership/`);
    expect(await findOne('api::membership-application.membership-application', { email: 'mo@example.org' })).toMatchObject({ status: 'pending', membershipType: 'practitioner' });
    const message = (await mail.waitFor(sent + 1)).at(-1)!;
    expect(message.to).toEqual(['steering-group@iro-network.example']);
    expect(message.subject).toBe('Membership application: Mo Reviewer (practitioner)');
    expect(message.headers.get('reply-to')).toMatchObject({ value: [{ name: 'Mo Reviewer', address: expect.stringMatching(/^mo@example\.org$/i) }] });
    expect(message.text).toContain('Organisation: Leeds City Council');
  });

  test('go to the membership address when the site settings have one', async () => {
    const settings = await documents(cms, 'api::site-setting.site-setting').findFirst();
    await documents(cms, 'api::site-setting.site-setting').update({ documentId: settings.documentId, data: { membershipEmail: 'membership@nairo.example' } });
    const sent = mail.messages.length;
    expect((await post('membership', { ...application, email: 'second@example.org' })).status).toBe(201);
    expect((await mail.waitFor(sent + 1)).at(-1)!.to).toEqual(['membership@nairo.example']);
  });

  test('a kind of membership that is not offered is refused by its field, in words', async () => {
    const response = await post('membership', { ...application, membershipType: 'honorary' });
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toEqual({ membershipType: 'Choose which membership you are applying for from the list' });
    const missing = await post('membership', { name: 'No Type', email: 'nt@example.org' });
    expect(await errorsOf(missing)).toEqual({ membershipType: 'Choose which membership you are applying for' });
  });
});

describe('e-mails about a submission wait for the mail relay, and are never lost', () => {
  const notices = () => documents(cms, 'api::notice-email.notice-email');
  const noticeAbout = (replyToEmail: string) => notices().findFirst({ filters: { replyToEmail } });
  /** The notices naming the visitor, as they arrived at the relay. */
  const mailFrom = (address: string) => mail.messages.filter((message) => message.text.includes(address));
  /** The notice about the sender once the relay has refused its first attempt. */
  const firstAttemptRefused = (replyToEmail: string) =>
    waitUntil('the first attempt is refused', async () => {
      const notice = await noticeAbout(replyToEmail);
      return notice?.attempts === 1 ? notice : undefined;
    });

  test('the e-mail is stored with the submission, so the visitor is answered without waiting for the relay', async () => {
    const worker = outbox.noticeWorker(cms.strapi);
    await worker.stop();
    try {
      const response = await post('membership', { name: 'Queued Applicant', email: 'queued@example.org', membershipType: 'associate' });
      expect(response.status).toBe(201);
      expect(await findOne('api::membership-application.membership-application', { email: 'queued@example.org' })).toBeTruthy();
      expect(await noticeAbout('queued@example.org')).toMatchObject({ state: 'pending', subject: 'Membership application: Queued Applicant (associate)' });
      expect(mailFrom('queued@example.org')).toHaveLength(0);
    } finally {
      worker.start();
    }
    await waitUntil('the queued notice is sent', () => mailFrom('queued@example.org').length === 1);
    // Once the relay has it, nothing of the e-mail is kept: the application stays in the admin.
    await waitUntil('the sent notice is removed', async () => (await noticeAbout('queued@example.org')) === null);
  });

  test('a relay that refuses for now (4xx) delays the e-mail: it is retried until accepted, then removed', async () => {
    answer = () => ({ responseCode: 451, message: 'Try again later' });
    try {
      const response = await post('enquiry', { name: 'Patient Sender', email: 'patient@example.org', subject: 'While the relay is down', message: 'Please reply when you can.' });
      expect(response.status).toBe(201);
      const waiting = await firstAttemptRefused('patient@example.org');
      expect(waiting).toMatchObject({ state: 'pending', lastError: expect.stringContaining('Try again later') });
      answer = () => undefined;
      await waitUntil('the retry is accepted', () => mailFrom('patient@example.org').length === 1, 10_000);
      expect(mailFrom('patient@example.org')[0]!.subject).toBe('Enquiry: While the relay is down');
      await waitUntil('the sent notice is removed', async () => (await noticeAbout('patient@example.org')) === null);
    } finally {
      answer = () => undefined;
    }
  });

  test('a relay that refuses our sender (a 5xx to MAIL FROM: an unverified sender, a wrong setting) delays the e-mail rather than failing it, since it refuses every e-mail alike: sent once put right', async () => {
    answerSender = () => ({ responseCode: 554, message: 'Sender address not verified' });
    try {
      expect((await post('enquiry', { name: 'Wrong Setting', email: 'wrong-setting@example.org', subject: 'Sender refused', message: 'Hello' })).status).toBe(201);
      const waiting = await firstAttemptRefused('wrong-setting@example.org');
      expect(waiting).toMatchObject({ state: 'pending', lastError: expect.stringContaining('Sender address not verified') });
      answerSender = () => undefined;
      await waitUntil('the retry is accepted', () => mailFrom('wrong-setting@example.org').length === 1, 10_000);
    } finally {
      answerSender = () => undefined;
    }
  });

  test('a relay that refuses for good (5xx) leaves the e-mail failed, with its answer, for editors to see; the enquiry is kept', async () => {
    answer = () => ({ responseCode: 550, message: 'Mailbox unavailable' });
    try {
      expect((await post('enquiry', { name: 'Unlucky', email: 'unlucky@example.org', subject: 'Bounced', message: 'Hello' })).status).toBe(201);
      const failed = await waitUntil('the notice fails', async () => {
        const notice = await noticeAbout('unlucky@example.org');
        return notice?.state === 'failed' ? notice : undefined;
      });
      expect(failed.lastError).toContain('Mailbox unavailable');
      expect(await findOne('api::enquiry.enquiry', { email: 'unlucky@example.org' })).toMatchObject({ subject: 'Bounced' });
    } finally {
      answer = () => undefined;
    }
  });

  test('a failed e-mail is kept for editors for 30 days (MAIL_OUTBOX_KEEP_DAYS), then removed; a waiting one is never removed, and the enquiry stays', async () => {
    const worker = outbox.noticeWorker(cms.strapi);
    const days = (count: number) => new Date(Date.now() + count * 24 * 60 * 60 * 1000);
    await worker.stop();
    try {
      expect((await post('enquiry', { name: 'Still Waiting', email: 'waiting@example.org', subject: 'Queued', message: 'Hello' })).status).toBe(201);
      await worker.pruneFailed(days(29));
      expect(await noticeAbout('unlucky@example.org')).toMatchObject({ state: 'failed' });
      expect(await worker.pruneFailed(days(31))).toBeGreaterThanOrEqual(1);
      expect(await noticeAbout('unlucky@example.org')).toBeNull();
      expect(await noticeAbout('waiting@example.org')).toMatchObject({ state: 'pending' });
      expect(await findOne('api::enquiry.enquiry', { email: 'unlucky@example.org' })).toMatchObject({ subject: 'Bounced' });
    } finally {
      worker.start();
    }
    await waitUntil('the waiting notice is sent', () => mailFrom('waiting@example.org').length === 1);
  });
});

describe('what visitors type is never mailed as HTML', () => {
  test('what the visitor typed reaches the steering group as plain text only: no HTML part a mail program would render', async () => {
    const typed = 'Please <a href="https://phishing.example/login">sign in here</a> <img src="https://tracker.example/pixel.gif">';
    expect((await post('enquiry', { name: 'Mallory', email: 'mallory@example.org', subject: 'Markup inside', message: typed })).status).toBe(201);
    const message = await waitUntil('the enquiry\'s notice', () => mail.messages.find((candidate) => candidate.subject === 'Enquiry: Markup inside'));
    expect(message.text).toContain(typed);
    // In the MIME itself, not as parsed (which reads an empty HTML part and none alike): one plain-text part.
    const headers = message.raw.toString('utf8').split(/\r?\n\r?\n/)[0]!;
    expect(headers).toMatch(/^Content-Type: text\/plain; charset=utf-8$/im);
    expect(headers).not.toMatch(/text\/html|multipart\//i);
  });
});
