import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MailCatcher } from '../../scripts/lib/mail-catcher';
import { documents, type RunningCms } from './support/cms';
import { errorsOf, postForm, startCmsWithMail, testSite as site, type CmsWithMail } from './support/forms';

let running: CmsWithMail;
let cms: RunningCms;
let mail: MailCatcher;
let regions: Record<string, string>;
let openCall: string;

const day = 24 * 60 * 60 * 1000;
const nominations = () => documents(cms, 'api::nomination.nomination');

/** A published call, open now unless told otherwise. */
async function createCall(options: { slug: string; closesAt?: Date; opensAt?: Date; perRegion?: number; distinct?: boolean }) {
  const call = await documents(cms, 'api::nomination-call.nomination-call').create({
    data: {
      title: `Call ${options.slug}`,
      slug: options.slug,
      body: 'Send your nominations.',
      closesAt: (options.closesAt ?? new Date(Date.now() + 30 * day)).toISOString(),
      ...(options.opensAt ? { opensAt: options.opensAt.toISOString() } : {}),
      nomineesPerRegion: options.perRegion ?? 2,
      distinctLocalAuthorities: options.distinct ?? true,
    },
    status: 'published',
  });
  return call.documentId as string;
}

const nominee = (name: string, localAuthority: string) => ({ name, email: `${name.toLowerCase().replace(/\W+/g, '.')}@council.example`, localAuthority });

const body = (call: string, region: string, nominees: object[]) => ({
  call,
  region,
  nominatorName: 'Rita Lead',
  nominatorEmail: 'rita@council.example',
  nominees,
});

beforeAll(async () => {
  running = await startCmsWithMail({ formRateLimit: 1000 });
  ({ cms, mail } = running);
  const all = await documents(cms, 'api::region.region').findMany({ status: 'published', limit: 20 });
  regions = Object.fromEntries(all.map((region: { slug: string; documentId: string }) => [region.slug, region.documentId]));
  // The call's steering-group leads receive the nominations at their own (private) addresses.
  const lead = await documents(cms, 'api::person.person').findFirst({ filters: { name: 'Tricia Hunte' } });
  await documents(cms, 'api::person.person').update({ documentId: lead.documentId, data: { email: 'tricia@niromp.example' } });
  openCall = await createCall({ slug: 'open-call' });
  await documents(cms, 'api::nomination-call.nomination-call').update({ documentId: openCall, data: { steeringGroup: [lead.documentId] }, status: 'published' });
});
afterAll(() => running?.stop());

describe('a region sends its nominations', () => {
  test('from a browser without JavaScript: stored, e-mailed to the steering group with Reply-To the nominator, and a thank-you page', async () => {
    const response = await postForm(cms, 'nomination', body(openCall, regions.london!, [nominee('Ann One', 'Bexley'), nominee('Bob Two', 'Camden')]), 'browser');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/thank-you/nomination/`);
    const stored = await nominations().findFirst({ filters: { region: { documentId: regions.london } }, populate: ['nominees', 'call'] });
    expect(stored).toMatchObject({ status: 'received', nominatorEmail: 'rita@council.example', call: { documentId: openCall } });
    expect(stored.nominees.map((person: { name: string }) => person.name)).toEqual(['Ann One', 'Bob Two']);
    const [message] = await mail.waitFor(1);
    expect(message!.to).toEqual(['tricia@niromp.example']);
    expect(message!.subject).toBe('Nominations from London: Call open-call');
    expect(message!.headers.get('reply-to')).toMatchObject({ value: [{ address: 'rita@council.example' }] });
    expect(message!.text).toContain('2. Bob Two, Camden (bob.two@council.example)');
  });

  test('the form sent by a browser arrives nested (nominees[0][name]) and is read as the same nominees', async () => {
    const fields = new URLSearchParams({ call: openCall, region: regions['north-east']!, nominatorName: 'Nell', nominatorEmail: 'nell@council.example' });
    for (const [index, person] of [nominee('Cat Three', 'Durham'), nominee('Dan Four', 'Gateshead')].entries()) {
      for (const [key, value] of Object.entries(person)) fields.append(`nominees[${index}][${key}]`, value);
    }
    const response = await fetch(`${cms.url}/api/forms/nomination`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: fields.toString() });
    expect(response.status).toBe(303);
    const stored = await nominations().findFirst({ filters: { region: { documentId: regions['north-east'] } }, populate: ['nominees'] });
    expect(stored.nominees.map((person: { localAuthority: string }) => person.localAuthority)).toEqual(['Durham', 'Gateshead']);
  });
});

describe('the call\'s rules, whoever stores the nomination', () => {
  test('after the deadline: refused, saying when it closed, and nothing is stored', async () => {
    const closed = await createCall({ slug: 'closed-call', closesAt: new Date('2020-07-03T22:59:59Z') });
    const before = await nominations().count();
    const response = await postForm(cms, 'nomination', body(closed, regions.london!, [nominee('Eve', 'Bexley'), nominee('Fay', 'Barnet')]));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { call: 'Nominations for this call closed at 11.59pm on Friday 3 July 2020.' } });
    // The same rule holds in the admin or any other writer (a Document Service middleware).
    await expect(nominations().create({ data: { ...body(closed, regions.london!, [nominee('Eve', 'Bexley'), nominee('Fay', 'Barnet')]) } })).rejects.toThrow(/closed at 11.59pm/);
    expect(await nominations().count()).toBe(before);
  });

  test('before the call opens: refused, saying when it opens', async () => {
    const early = await createCall({ slug: 'future-call', opensAt: new Date(Date.now() + 10 * day), closesAt: new Date(Date.now() + 20 * day) });
    const response = await postForm(cms, 'nomination', body(early, regions.london!, [nominee('Gus', 'Bexley'), nominee('Hal', 'Barnet')]));
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).call).toMatch(/^Nominations for this call open at /);
  });

  test('exactly the number of nominees the call asks for', async () => {
    const response = await postForm(cms, 'nomination', body(openCall, regions['south-west']!, [nominee('Ida', 'Bristol')]));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ errors: { nominees: 'This call asks each region for exactly 2 nominees; this nomination has 1.' } });
    const three = await postForm(cms, 'nomination', body(openCall, regions['south-west']!, [nominee('Ida', 'Bristol'), nominee('Jo', 'Bath'), nominee('Kit', 'Devon')]));
    expect(three.status).toBe(400);
    expect(await nominations().count({ filters: { region: { documentId: regions['south-west'] } } })).toBe(0);
  });

  test('nominees from different local authorities, however the name is written; the message names the nominee', async () => {
    const response = await postForm(cms, 'nomination', body(openCall, regions['south-west']!, [nominee('Ida', 'Bristol City Council'), nominee('Jo', ' bristol city ')]));
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      errors: { 'nominees.1.localAuthority': 'Nominee 2 works for the same local authority as nominee 1 (bristol city): this call asks for nominees from different local authorities.' },
    });
    // A call that allows it accepts the same pair.
    const relaxed = await createCall({ slug: 'same-la-allowed', distinct: false });
    expect((await postForm(cms, 'nomination', body(relaxed, regions['south-west']!, [nominee('Ida', 'Bristol'), nominee('Jo', 'Bristol')]))).status).toBe(201);
  });

  test('a region cannot exceed its places: a second nomination is refused by name, until an editor withdraws the first', async () => {
    const second = await postForm(cms, 'nomination', body(openCall, regions.london!, [nominee('Lou', 'Ealing'), nominee('Max', 'Enfield')]));
    expect(second.status).toBe(400);
    expect(await second.json()).toEqual({
      errors: { region: 'London has already sent 2 nominees for this call, and each region has 2 places. To change them, contact the steering group.' },
    });
    const first = await nominations().findFirst({ filters: { region: { documentId: regions.london }, call: { documentId: openCall } } });
    await nominations().update({ documentId: first.documentId, data: { status: 'withdrawn' } });
    expect((await postForm(cms, 'nomination', body(openCall, regions.london!, [nominee('Lou', 'Ealing'), nominee('Max', 'Enfield')]))).status).toBe(201);
  });

  test('two nominations from one region sent at the same moment: one is stored, the other refused', async () => {
    const call = await createCall({ slug: 'race-call' });
    const responses = await Promise.all(
      [['Ned', 'Leeds', 'Ola', 'York'], ['Pam', 'Hull', 'Quin', 'Wakefield']].map(([a, la, b, lb]) =>
        postForm(cms, 'nomination', body(call, regions['yorkshire-and-the-humber']!, [nominee(a!, la!), nominee(b!, lb!)])),
      ),
    );
    expect(responses.map((response) => response.status).sort()).toEqual([201, 400]);
    expect(await nominations().count({ filters: { call: { documentId: call } } })).toBe(1);
  });

  test('"Stoke-on-Trent" and "Stoke on Trent", or a name with an invisible character in it, are one local authority', async () => {
    const call = await createCall({ slug: 'punctuation-call' });
    const response = await postForm(cms, 'nomination', body(call, regions['west-midlands']!, [nominee('Ann', 'Stoke-on-Trent'), nominee('Bea', 'Stoke on Trent')]));
    expect(response.status).toBe(400);
    expect(await errorsOf(response)).toHaveProperty(['nominees.1.localAuthority']);
    const hidden = await postForm(cms, 'nomination', body(call, regions['west-midlands']!, [nominee('Ann', 'St. Helens'), nominee('Bea', 'St\u200b Helens')]));
    expect(hidden.status).toBe(400);
    expect(await nominations().count({ filters: { call: { documentId: call } } })).toBe(0);
  });

  test('a nomination made "withdrawn" after the deadline is refused like any new one, so bringing it back later is no way round the deadline', async () => {
    const closed = await createCall({ slug: 'closed-withdrawn', closesAt: new Date('2020-07-03T22:59:59Z') });
    await expect(
      nominations().create({ data: { ...body(closed, regions.london!, [nominee('Late', 'Bexley')]), status: 'withdrawn' } }),
    ).rejects.toThrow(/closed at/);
    expect(await nominations().count({ filters: { call: { documentId: closed } } })).toBe(0);
  });

  test('moving a nomination to another call that has closed is refused, as a new nomination to it would be', async () => {
    const open = await createCall({ slug: 'move-from' });
    const closed = await createCall({ slug: 'move-to-closed', closesAt: new Date('2020-07-03T22:59:59Z') });
    await postForm(cms, 'nomination', body(open, regions['yorkshire-and-humber'] ?? regions.london!, [nominee('Moe', 'Leeds'), nominee('Nat', 'York')]));
    const stored = await nominations().findFirst({ filters: { call: { documentId: open } } });
    await expect(nominations().update({ documentId: stored.documentId, data: { call: closed } })).rejects.toThrow(/closed at/);
    expect(await nominations().count({ filters: { call: { documentId: closed } } })).toBe(0);
  });

  test('an edit that puts two nominees in one local authority is checked, even when it also removes one', async () => {
    const call = await createCall({ slug: 'fewer-but-same', perRegion: 3 });
    await postForm(cms, 'nomination', body(call, regions['north-west']!, [nominee('Oli', 'Leeds'), nominee('Pip', 'York'), nominee('Quin', 'Hull')]));
    const stored = await nominations().findFirst({ filters: { call: { documentId: call } }, populate: ['nominees'] });
    const [oli, pip] = stored.nominees.map(({ id: _id, ...rest }: { id: number }) => rest);
    await expect(nominations().update({ documentId: stored.documentId, data: { nominees: [oli, { ...pip, localAuthority: 'Leeds' }] } })).rejects.toThrow(/same local authority/);
    // Removing one, authorities as they were, is still fine.
    expect((await nominations().update({ documentId: stored.documentId, data: { nominees: [oli, pip] }, populate: ['nominees'] })).nominees).toHaveLength(2);
  });

  test('after the deadline an editor can still accept a nomination, saving the whole entry as the admin does', async () => {
    const call = await createCall({ slug: 'accept-later' });
    await postForm(cms, 'nomination', body(call, regions['west-midlands']!, [nominee('Wes', 'Dudley'), nominee('Xan', 'Walsall')]));
    const stored = await nominations().findFirst({ filters: { call: { documentId: call } }, populate: ['nominees'] });
    await documents(cms, 'api::nomination-call.nomination-call').update({ documentId: call, data: { closesAt: '2020-01-01T00:00:00.000Z' }, status: 'published' });
    // The admin sends unchanged relations as empty connect lists, and every other field as it is.
    const accepted = await nominations().update({
      documentId: stored.documentId,
      data: { call: { connect: [], disconnect: [] }, region: { connect: [], disconnect: [] }, nominatorName: 'Rita Lead', nominatorEmail: 'rita@council.example', nominees: stored.nominees, status: 'accepted' },
    });
    expect(accepted.status).toBe('accepted');
  });

  test('in the admin an editor can remove a nominee who stood down, but not add one past the region\'s places; Duplicate meets the rules too', async () => {
    const call = await createCall({ slug: 'edit-nominees' });
    await postForm(cms, 'nomination', body(call, regions['east-of-england']!, [nominee('Yan', 'Essex'), nominee('Zoe', 'Suffolk')]));
    const stored = await nominations().findFirst({ filters: { call: { documentId: call } }, populate: ['nominees'] });
    const asAdmin = (nominees: object[]) => ({ call: { connect: [], disconnect: [] }, region: { connect: [], disconnect: [] }, nominatorName: 'Rita Lead', nominatorEmail: 'rita@council.example', nominees });
    const [first, second] = stored.nominees;
    const fewer = await nominations().update({ documentId: stored.documentId, data: asAdmin([first]), populate: ['nominees'] });
    expect(fewer.nominees).toHaveLength(1);
    // Saving again with one nominee (the admin sends everything) is still fine.
    expect((await nominations().update({ documentId: stored.documentId, data: { ...asAdmin([first]), status: 'accepted' } })).status).toBe('accepted');
    await expect(
      nominations().update({ documentId: stored.documentId, data: asAdmin([first, { name: 'New', email: 'new@council.example', localAuthority: 'Essex' }]) }),
    ).rejects.toThrow(/same local authority/);
    await expect(nominations().update({ documentId: stored.documentId, data: asAdmin([first, second, nominee('Extra', 'Norfolk')]) })).rejects.toThrow(/gives each region 2 places/);
    // A Duplicate is a new nomination, and meets the rules of one.
    await expect(nominations().clone({ documentId: stored.documentId, data: {} })).rejects.toThrow(/asks each region for exactly 2 nominees; this nomination has 1/);
  });

  test('a browser without JavaScript gets the form back with the broken rule by its field, the nominees it typed kept and escaped', async () => {
    const response = await postForm(cms, 'nomination', body(openCall, regions['east-midlands']!, [nominee('Ray', 'Derby'), { name: '<b>Sam</b>', email: 'sam@council.example', localAuthority: 'derby' }]), 'browser');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<title>Error: Send your region&#39;s nominations');
    expect(html).toContain('<a href="#field-nominees-1-localAuthority">Nominee 2 works for the same local authority as nominee 1 (derby)');
    expect(html).toContain('value="&lt;b&gt;Sam&lt;/b&gt;"');
    expect(html).not.toContain('<b>Sam</b>');
    expect(html).toMatch(/<option value="[^"]+" selected>East Midlands<\/option>/);
  });

  test('a nomination with a field left empty gets GOV.UK messages that say which nominee', async () => {
    const response = await postForm(cms, 'nomination', body(openCall, '', [nominee('Tom', 'Luton'), { name: '', email: 'x@council.example', localAuthority: '' }]));
    expect(response.status).toBe(400);
    expect((await errorsOf(response))).toEqual({
      region: 'Choose the region nominating',
      'nominees.1.name': 'Nominee 2: Enter full name',
      'nominees.1.localAuthority': 'Nominee 2: Enter local authority',
    });
  });
});
