import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documents, type RunningCms } from './support/cms';
import { postForm, startCmsWithMail, type CmsWithMail } from './support/forms';
import { outbox, waitUntil } from './support/outbox';

let running: CmsWithMail;
let cms: RunningCms;
const person = 'dana.subject@example.org';
const bystander = 'other.person@example.org';
const requests = () => documents(cms, 'api::personal-data-request.personal-data-request');
const count = (uid: string, filters: object) => documents(cms, uid).count({ filters });

/** The same address left everywhere a visitor can leave it, and someone else's data beside it. */
async function leaveTracesOf(email: string) {
  const post = await documents(cms, 'api::post.post').findFirst({ status: 'published' });
  const region = await documents(cms, 'api::region.region').findFirst({ status: 'published' });
  const call = await documents(cms, 'api::nomination-call.nomination-call').create({
    data: { title: 'Open call', slug: `open-call-${email.length}`, body: 'Nominate.', closesAt: new Date(Date.now() + 864e5 * 30).toISOString(), nomineesPerRegion: 2, distinctLocalAuthorities: false },
    status: 'published',
  });
  const other = await documents(cms, 'api::region.region').findFirst({ status: 'published', filters: { documentId: { $ne: region.documentId } } });
  await documents(cms, 'api::subscriber.subscriber').create({ data: { email, status: 'confirmed', consent: { wordingVersion: 'v1', givenAt: '2026-01-02T10:00:00.000Z' } } });
  await documents(cms, 'api::comment.comment').create({ data: { post: post.documentId, authorName: 'Dana', email: email.toUpperCase(), body: 'Thanks', status: 'approved' } });
  await documents(cms, 'api::enquiry.enquiry').create({ data: { name: 'Dana', email, subject: 'My data', message: 'Hello' } });
  await documents(cms, 'api::membership-application.membership-application').create({ data: { name: 'Dana', email, membershipType: 'associate' } });
  // Their own nomination, and a bystander's nomination that names them as a nominee.
  await documents(cms, 'api::nomination.nomination').create({
    data: { call: call.documentId, region: region.documentId, nominatorName: 'Dana', nominatorEmail: email, nominees: [{ name: 'A', email: 'a@la.example', localAuthority: 'X' }, { name: 'B', email: 'b@la.example', localAuthority: 'Y' }] },
  });
  await documents(cms, 'api::nomination.nomination').create({
    data: { call: call.documentId, region: other.documentId, nominatorName: 'Olly', nominatorEmail: bystander, nominees: [{ name: 'Dana', email, localAuthority: 'X' }, { name: 'C', email: 'c@la.example', localAuthority: 'Y' }] },
  });
}

beforeAll(async () => {
  running = await startCmsWithMail({ formRateLimit: 1000 });
  ({ cms } = running);
  await leaveTracesOf(person);
  await postForm(cms, 'enquiry', { name: 'Olly', email: bystander, subject: 'Unrelated', message: 'Keep me' });
});
afterAll(() => running?.stop());

describe('an editor handles a person\'s request about their data in one place', () => {
  test('"Find" lists everything held for the address, whatever its case, and deletes nothing', async () => {
    const request = await requests().create({ data: { emailAddress: 'Dana.Subject@Example.org', action: 'find', note: 'Asked by e-mail' } });
    expect(request.handledAt).toBeTruthy();
    expect(request.emailAddress).toBe(person);
    const outcome: string = request.outcome;
    expect(outcome).toMatch(/^Found on /);
    for (const line of ['1 e-mail subscription:', '1 comment:', '1 enquiry:', '2 nominations:', '- sent by them', '- naming them as a nominee', '1 membership application:']) {
      expect(outcome).toContain(line);
    }
    expect(await count('api::enquiry.enquiry', { email: person })).toBe(1);
  });

  test('"Erase" deletes it all, keeps others\' data (a nomination naming them loses only their entry), and keeps only a masked address', async () => {
    // A post published while they follow queues an e-mail to them in the outbox: that record goes too.
    const subscriber = await documents(cms, 'api::subscriber.subscriber').findFirst({ filters: { email: person } });
    await documents(cms, 'api::post.post').create({ data: { title: 'News for followers', slug: 'news-for-followers', date: '2026-11-25', body: 'New.' }, status: 'published' });
    const outboxFor = () => count('api::outbox-message.outbox-message', { subscriberDocumentId: subscriber.documentId });
    expect(await outboxFor()).toBe(1);
    const request = await requests().create({ data: { emailAddress: person, action: 'erase' } });
    expect(request.emailAddress).toBe('d•••@example.org');
    expect(request.outcome).toMatch(/^Erased on /);
    for (const uid of ['api::subscriber.subscriber', 'api::comment.comment', 'api::enquiry.enquiry', 'api::membership-application.membership-application']) {
      expect(await count(uid, { email: { $eqi: person } }), uid).toBe(0);
    }
    expect(await count('api::nomination.nomination', { nominatorEmail: person })).toBe(0);
    // Their own nomination stays for the region, its nominees untouched, without their name or address.
    const sent = await documents(cms, 'api::nomination.nomination').findFirst({ filters: { nominatorName: 'Erased at their request' }, populate: ['nominees'] });
    expect(sent.nominatorEmail).toBe('erased@erased.invalid');
    expect(sent.nominees.map((nominee: { name: string }) => nominee.name)).toEqual(['A', 'B']);
    expect(await outboxFor()).toBe(0);
    const theirs = await documents(cms, 'api::nomination.nomination').findFirst({ filters: { nominatorEmail: bystander }, populate: ['nominees'] });
    expect(theirs.nominees.map((nominee: { name: string }) => nominee.name)).toEqual(['C']);
    expect(await count('api::enquiry.enquiry', { email: bystander })).toBe(1);
    // No request still holds the address, nor a copy of what the person wrote.
    const stored = JSON.stringify(await requests().findMany({}));
    expect(stored).not.toContain(person);
    expect(stored).not.toContain('My data');
  });

  test('asked again, the erased address is found nowhere', async () => {
    const request = await requests().create({ data: { emailAddress: person, action: 'find' } });
    expect(request.outcome).toMatch(/^Nothing held for this address/);
  });

  test('e-mails about their submissions still waiting for the relay are erased too; someone else\'s with a longer address that contains theirs is sent', async () => {
    const waiting = 'erin.waits@example.org';
    const similar = 'joerin.waits@example.org';
    const notices = (text: string) => count('api::notice-email.notice-email', { body: { $contains: text } });
    const worker = outbox.noticeWorker(cms.strapi);
    await worker.stop();
    try {
      await postForm(cms, 'enquiry', { name: 'Erin', email: waiting, subject: 'About my data', message: 'Erin\'s question' });
      await postForm(cms, 'enquiry', { name: 'Jo', email: similar, subject: 'Something else', message: 'Jo\'s question' });
      expect(await notices('question')).toBe(2);
      const request = await requests().create({ data: { emailAddress: waiting, action: 'erase' } });
      expect(request.outcome).toContain('1 e-mail waiting to be sent:');
      expect(await notices('Erin\'s question')).toBe(0);
      expect(await notices('Jo\'s question')).toBe(1);
    } finally {
      worker.start();
    }
    await waitUntil('Jo\'s e-mail is sent', () => running.mail.messages.some((message) => message.text.includes('Jo\'s question')));
    expect(running.mail.messages.some((message) => message.text.includes('Erin\'s question'))).toBe(false);
  });

  test('a request is carried out once: changing or duplicating it is refused, saying to add a new one', async () => {
    const request = await requests().create({ data: { emailAddress: bystander, action: 'find' } });
    await expect(requests().update({ documentId: request.documentId, data: { action: 'erase' } })).rejects.toThrow(/add a new request/);
    await expect(requests().clone({ documentId: request.documentId, data: {} })).rejects.toThrow(/Add a new request/);
    await requests().update({ documentId: request.documentId, data: { note: 'Replied by e-mail' } });
    expect(await count('api::enquiry.enquiry', { email: bystander })).toBe(1);
  });

  test('a request without a usable address is refused by its field and changes nothing', async () => {
    await expect(requests().create({ data: { emailAddress: 'not an address', action: 'erase' } })).rejects.toThrow(/Enter the e-mail address of the person asking/);
    expect(await count('api::enquiry.enquiry', { email: bystander })).toBe(1);
  });
});
