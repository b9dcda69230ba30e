import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { MailCatcher } from '../../scripts/lib/mail-catcher';
import { compiledModule, documents, insertsInto, type RunningCms } from './support/cms';
import { waitUntil } from './support/outbox';
import { errorsOf, linkIn, postForm, startCmsWithMail, testSite as site, type CmsWithMail } from './support/forms';

const { bookPlace } = compiledModule<typeof import('../src/forms/booking-batch')>('forms/booking-batch');
const { ruleIssues } = compiledModule<typeof import('../src/document-rules/rule-support')>('document-rules/rule-support');

let running: CmsWithMail;
let cms: RunningCms;
let mail: MailCatcher;
let course: string;

const bookings = () => documents(cms, 'api::training-booking.training-booking');
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
const sessions = {
  open: { date: inDays(30), startTime: '09:30:00.000', endTime: '13:00:00.000', format: 'online', capacity: 20, bookingOpen: true },
  small: { date: inDays(40), startTime: '09:30:00.000', endTime: '13:00:00.000', format: 'in-person', capacity: 1, bookingOpen: true },
  closed: { date: inDays(50), startTime: '14:00:00.000', endTime: '16:00:00.000', format: 'online', capacity: 20, bookingOpen: false },
  past: { date: inDays(-3), startTime: '09:30:00.000', endTime: '13:00:00.000', format: 'online', capacity: 20, bookingOpen: true },
};
const key = (session: { date: string; startTime: string }) => `${session.date}T${session.startTime.slice(0, 5)}`;
const booking = (sessionKey: string | undefined, email: string, kind: 'booking' | 'interest' = 'booking') => ({
  course,
  kind,
  ...(sessionKey === undefined ? {} : { sessionKey }),
  name: 'Pat Trainee',
  email,
  organisation: 'Kent County Council',
});

/** A published course of its own, so the places other tests took do not count. */
const freshCourse = async (slug: string) =>
  (await documents(cms, 'api::training-course.training-course').create({ data: { title: `Course ${slug}`, slug, sessions: Object.values(sessions) }, status: 'published' }))
    .documentId as string;

beforeAll(async () => {
  running = await startCmsWithMail({ formRateLimit: 1000 });
  ({ cms, mail } = running);
  const created = await documents(cms, 'api::training-course.training-course').create({
    data: { title: 'Chairing reviews', slug: 'chairing-reviews', sessions: Object.values(sessions) },
    status: 'published',
  });
  course = created.documentId;
});
afterAll(() => running?.stop());

describe('booking a place', () => {
  test('from a browser: the place is confirmed, e-mailed with the details and a link to cancel, and a thank-you page', async () => {
    const response = await postForm(cms, 'training-booking', booking(key(sessions.open), 'Pat@Example.org'), 'browser');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/thank-you/booking/`);
    const stored = await bookings().findFirst({ filters: { email: 'pat@example.org' } });
    expect(stored).toMatchObject({ kind: 'booking', status: 'confirmed', sessionKey: key(sessions.open) });
    const [message] = await mail.waitFor(1);
    expect(message!.to).toEqual(['pat@example.org']);
    expect(message!.subject).toMatch(/^Your place on Chairing reviews, \w+day \d+ \w+ \d{4}, 9\.30am to 1\.00pm$/);
    expect(message!.text).toContain(`${site}/training/chairing-reviews/`);
    expect(linkIn(message!.text, '/api/forms/training-booking/cancel').token).toBeTruthy();
  });

  test('the e-mailed link opens a page with a button; pressing it cancels the place and frees it', async () => {
    const { url: cancel, token } = linkIn(mail.messages[0]!.text, '/api/forms/training-booking/cancel');
    const page = await fetch(cancel);
    expect(await page.text()).toContain('<button type="submit">Cancel my place</button>');
    expect((await bookings().findFirst({ filters: { email: 'pat@example.org' } })).status).toBe('confirmed');
    const response = await fetch(`${cms.url}/api/forms/training-booking/cancel`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token }).toString(),
    });
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/bookings/cancelled/`);
    expect((await bookings().findFirst({ filters: { email: 'pat@example.org' } })).status).toBe('cancelled');
    const forged = await fetch(`${cms.url}/api/forms/training-booking/cancel`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ token: `${token.split('.')[0]}.forgedsignatureforgedsignature` }),
    });
    expect(forged.status).toBe(400);
  });

  test('the same address cannot take two places on one session, and the form does not say who is booked: the address is sent its place again', async () => {
    const first = await postForm(cms, 'training-booking', booking(key(sessions.open), 'twice@example.org'));
    expect(first.status).toBe(201);
    const sent = mail.messages.length;
    const again = await postForm(cms, 'training-booking', booking(key(sessions.open), 'TWICE@example.org'));
    expect(again.status).toBe(201);
    expect(await again.json()).toEqual(await first.json());
    expect(await bookings().count({ filters: { email: 'twice@example.org' } })).toBe(1);
    const [reminder] = (await mail.waitFor(sent + 1)).slice(sent);
    expect(reminder!.to).toEqual(['twice@example.org']);
    expect(linkIn(reminder!.text, '/api/forms/training-booking/cancel').token).toBeTruthy();
    // Anyone else writing the booking (the admin, the API) is told plainly.
    await expect(bookings().create({ data: { ...booking(key(sessions.open), 'twice@example.org'), status: 'confirmed' } })).rejects.toThrow(/already has a place/);
  });

  test('an address an editor typed with capitals is the same address: stored in lower case, it holds its one place', async () => {
    const added = await bookings().create({ data: { ...booking(key(sessions.open), 'Editor.Typed@Example.org'), status: 'confirmed' } });
    expect(added.email).toBe('editor.typed@example.org');
    const fromForm = await postForm(cms, 'training-booking', booking(key(sessions.open), 'editor.typed@example.org'));
    expect(fromForm.status).toBe(201);
    expect(await bookings().count({ filters: { email: { $eqi: 'editor.typed@example.org' } } })).toBe(1);
    await expect(bookings().update({ documentId: added.documentId, data: { email: 'EDITOR.TYPED@example.org' } })).resolves.toMatchObject({ email: 'editor.typed@example.org' });
  });
});

describe('places are never overbooked', () => {
  test('50 people pressing "Book" at the same moment for 20 places: exactly 20 are confirmed, the rest told it is full', async () => {
    const fresh = await documents(cms, 'api::training-course.training-course').create({
      data: { title: 'Busy course', slug: 'busy-course', sessions: [{ ...sessions.open, capacity: 20 }] },
      status: 'published',
    });
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, index) =>
        postForm(cms, 'training-booking', { ...booking(key(sessions.open), `rush${index}@example.org`), course: fresh.documentId }).then(async (response) => ({
          status: response.status,
          errors: response.status === 400 ? await errorsOf(response) : {},
        })),
      ),
    );
    expect(responses.filter((response) => response.status === 201)).toHaveLength(20);
    const refused = responses.filter((response) => response.status === 400);
    expect(refused).toHaveLength(30);
    for (const response of refused) expect(response.errors.sessionKey).toMatch(/ is full\. You can register your interest instead/);
    const confirmed = await bookings().count({ filters: { course: { documentId: fresh.documentId }, status: 'confirmed', kind: 'booking' } });
    expect(confirmed).toBe(20);
  });

  test('an editor adding a booking in the admin meets the same rule (a Document Service middleware)', async () => {
    expect((await postForm(cms, 'training-booking', booking(key(sessions.small), 'first@example.org'))).status).toBe(201);
    await expect(bookings().create({ data: { ...booking(key(sessions.small), 'editor-added@example.org'), status: 'confirmed' } })).rejects.toThrow(/is full/);
    // Nor can an editor Duplicate a booking into the full session.
    const taken = await bookings().findFirst({ filters: { email: 'first@example.org' } });
    await expect(bookings().clone({ documentId: taken.documentId, data: { email: 'copy@example.org' } })).rejects.toThrow(/is full/);
    // Cancelling frees the place for the next person.
    const first = await bookings().findFirst({ filters: { email: 'first@example.org' } });
    await bookings().update({ documentId: first.documentId, data: { status: 'cancelled' } });
    expect((await postForm(cms, 'training-booking', booking(key(sessions.small), 'next@example.org'))).status).toBe(201);
  });

  test('the database indexes bookings by session, so counting a session\'s places does not read every booking ever made', async () => {
    const inspector = (cms.strapi.db as unknown as { dialect: { schemaInspector: { getIndexes(table: string): Promise<{ name: string; columns: string[] }[]> } } }).dialect
      .schemaInspector;
    const indexes = await inspector.getIndexes('training_bookings');
    // PostgreSQL's inspector lists an index's columns in the table's order, not the index's.
    expect(indexes.find((index) => index.name === 'training_bookings_places')?.columns.toSorted()).toEqual(['email', 'kind', 'session_key', 'status']);
    if (cms.strapi.db.dialect.client === 'sqlite') {
      // In the index's own order: the three the count matches exactly, then the addresses asked about.
      const columns = (await cms.strapi.db.connection.raw('PRAGMA index_info(training_bookings_places)')) as { seqno: number; name: string }[];
      expect(columns.toSorted((a, b) => a.seqno - b.seqno).map((column) => column.name)).toEqual(['session_key', 'kind', 'status', 'email']);
    }
  });

  test('an editor changing a booking\'s address to one that holds a place on that session is refused: one address, one place', async () => {
    const own = await freshCourse('address-change');
    const place = (email: string) => bookings().create({ data: { ...booking(key(sessions.open), email), course: own, status: 'confirmed' } });
    await place('holder@example.org');
    const other = await place('other@example.org');
    await expect(bookings().update({ documentId: other.documentId, data: { email: 'Holder@Example.org' } })).rejects.toThrow(/holder@example\.org already has a place/);
    expect((await bookings().findOne({ documentId: other.documentId })).email).toBe('other@example.org');
    // A new address nobody holds is fine.
    await expect(bookings().update({ documentId: other.documentId, data: { email: 'renamed@example.org' } })).resolves.toMatchObject({ email: 'renamed@example.org' });
  });

  test('a full session still takes registrations of interest', async () => {
    const response = await postForm(cms, 'training-booking', booking(key(sessions.small), 'waiting@example.org', 'interest'), 'browser');
    expect(response.status).toBe(303);
    expect(response.headers.get('location')).toBe(`${site}/thank-you/interest/`);
    expect(await bookings().findFirst({ filters: { email: 'waiting@example.org' } })).toMatchObject({ kind: 'interest', sessionKey: key(sessions.small) });
  });
});

describe('sessions that cannot be booked are refused by the date field, and nothing is stored', () => {
  test.each([
    ['closed for booking', () => key(sessions.closed), /^Booking has closed for .+ You can register your interest instead\.$/],
    ['in the past', () => key(sessions.past), /has already started or taken place\.$/],
    ['not one of the course\'s dates', () => '2031-01-01T09:30', /^That date is not one of this course's dates/],
    ['no date chosen', () => undefined, /^Choose the date you want to book\.$/],
  ])('%s', async (_name, sessionKey, message) => {
    const before = await bookings().count();
    const response = await postForm(cms, 'training-booking', booking(sessionKey(), 'nope@example.org'));
    expect(response.status).toBe(400);
    expect((await errorsOf(response)).sessionKey).toMatch(message);
    expect(await bookings().count()).toBe(before);
  });

  test('interest in dates not yet announced needs no date', async () => {
    expect((await postForm(cms, 'training-booking', booking(undefined, 'future@example.org', 'interest'))).status).toBe(201);
  });

  test('a browser without JavaScript gets the form back with the course\'s dates to choose from again', async () => {
    const response = await postForm(cms, 'training-booking', booking(key(sessions.closed), 'nope@example.org'), 'browser');
    expect(response.status).toBe(400);
    const html = await response.text();
    expect(html).toContain('<a href="#field-sessionKey">Booking has closed for ');
    expect(html).toContain(`value="${key(sessions.open)}"`);
    expect(html).toContain(`value="${key(sessions.closed)}" checked`);
    expect(html).not.toContain(`value="${key(sessions.past)}"`);
    expect(html).toContain(`href="${site}/training/chairing-reviews/"`);
  });
});

describe('bookings sent at the same moment are judged and stored together', () => {
  /** Books through the form's own path, with a receipt naming the booking it is for. */
  const book = (courseId: string, sessionKey: string | undefined, email: string, kind: 'booking' | 'interest' = 'booking') =>
    bookPlace({ course: courseId, kind, sessionKey, name: 'Pat Trainee', email }, (documentId) => ({
      to: [email],
      subject: `Together: ${email}`,
      text: `Booking ${documentId}`,
    }));
  const receiptsTo = (email: string) => mail.messages.filter((message) => message.subject === `Together: ${email}`).map((message) => message.text.trim());

  test('each gets the answer it would get alone: the same address twice is one place, mailed twice; closed and past dates are refused', async () => {
    const courseId = await freshCourse('together');
    const outcomes = await Promise.allSettled([
      book(courseId, key(sessions.open), 'same@example.org'),
      book(courseId, key(sessions.closed), 'closed@example.org'),
      book(courseId, key(sessions.open), 'same@example.org'),
      book(courseId, key(sessions.past), 'past@example.org'),
      book(courseId, key(sessions.small), 'waiting-together@example.org', 'interest'),
      book(courseId, key(sessions.small), 'small@example.org'),
      book(courseId, key(sessions.small), 'too-late@example.org'),
      book(courseId, key(sessions.small), 'small@example.org'),
    ]);
    const [same, closed, sameAgain, past, interest, small, tooLate, smallAgain] = outcomes;
    expect(same).toMatchObject({ status: 'fulfilled' });
    expect(sameAgain).toEqual(same);
    expect(ruleIssues((closed as PromiseRejectedResult).reason)?.sessionKey).toMatch(/^Booking has closed for /);
    expect(ruleIssues((past as PromiseRejectedResult).reason)?.sessionKey).toMatch(/has already started or taken place\.$/);
    expect(interest.status).toBe('fulfilled');
    expect(small.status).toBe('fulfilled');
    expect(ruleIssues((tooLate as PromiseRejectedResult).reason)?.sessionKey).toMatch(/ is full\. /);
    // Pressing Book again for the last place, now taken by this address: its own place, not "full".
    expect(smallAgain).toEqual(small);

    const stored = await bookings().findMany({ filters: { course: { documentId: courseId } }, sort: 'email' });
    expect(stored.map((row: { email: string; kind: string }) => `${row.email} ${row.kind}`)).toEqual(['same@example.org booking', 'small@example.org booking', 'waiting-together@example.org interest']);
    const held = (same as PromiseFulfilledResult<{ documentId: string }>).value.documentId;
    expect(stored.find((row: { email: string }) => row.email === 'same@example.org').documentId).toBe(held);
    await waitUntil('the receipts', () => receiptsTo('same@example.org').length >= 2 && receiptsTo('small@example.org').length >= 1);
    expect(receiptsTo('same@example.org')).toEqual([`Booking ${held}`, `Booking ${held}`]);
    expect(receiptsTo('closed@example.org')).toEqual([]);
  });

  test('are the rows the Document Service stores: same columns and values, linked to the same versions of the course', async () => {
    const courseId = await freshCourse('rows-compared');
    await bookings().create({ data: { course: courseId, kind: 'booking', sessionKey: key(sessions.open), name: 'Pat Trainee', email: 'by-document-service@example.org', organisation: null, status: 'confirmed' } });
    await book(courseId, key(sessions.open), 'by-batch@example.org');
    const knex = cms.strapi.db.connection;
    const rows = (await knex('training_bookings').whereIn('email', ['by-document-service@example.org', 'by-batch@example.org']).orderBy('email', 'desc').select()) as Record<string, unknown>[];
    const links = async (row: Record<string, unknown>) =>
      ((await knex('training_bookings_course_lnk').where('training_booking_id', row.id as number).select('training_course_id')) as { training_course_id: number }[]).map((link) => link.training_course_id).sort();
    const comparable = (row: Record<string, unknown>) => {
      const { id, document_id, created_at, updated_at, published_at, email, ...rest } = row;
      for (const time of [created_at, updated_at, published_at]) expect(time).not.toBeNull();
      return rest;
    };
    expect(rows).toHaveLength(2);
    expect(comparable(rows[1]!)).toEqual(comparable(rows[0]!));
    expect(await links(rows[1]!)).toEqual(await links(rows[0]!));
    expect((await links(rows[1]!)).length).toBeGreaterThan(0);
  });

  test('thirty for twenty places: twenty booked with a few INSERTs, not one each', async () => {
    const courseId = await freshCourse('thirty-for-twenty');
    const { inserts, result: outcomes } = await insertsInto(cms, 'training_bookings', () =>
      Promise.allSettled(Array.from({ length: 30 }, (_, index) => book(courseId, key(sessions.open), `thirty-${index}@example.org`))),
    );
    expect(outcomes.filter((outcome) => outcome.status === 'fulfilled')).toHaveLength(20);
    expect(await bookings().count({ filters: { course: { documentId: courseId }, status: 'confirmed' } })).toBe(20);
    expect(inserts).toBeGreaterThan(0);
    expect(inserts).toBeLessThan(30 / 4);
  });

  test('one that fails for a reason no rule gave (a fault in its receipt) fails alone: the others are booked once, each with one receipt', async () => {
    const courseId = await freshCourse('one-faulty');
    const faulty = bookPlace({ course: courseId, kind: 'booking', sessionKey: key(sessions.open), name: 'Pat Trainee', email: 'faulty@example.org' }, () => {
      throw new Error('receipt could not be written');
    });
    const outcomes = await Promise.allSettled([book(courseId, key(sessions.open), 'beside-1@example.org'), faulty, book(courseId, key(sessions.open), 'beside-2@example.org')]);
    expect(outcomes.map((outcome) => outcome.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(String((outcomes[1] as PromiseRejectedResult).reason)).toMatch(/receipt could not be written/);
    const stored = await bookings().findMany({ filters: { course: { documentId: courseId } }, sort: 'email' });
    expect(stored.map((row: { email: string }) => row.email)).toEqual(['beside-1@example.org', 'beside-2@example.org']);
    await waitUntil('the receipts', () => receiptsTo('beside-1@example.org').length >= 1 && receiptsTo('beside-2@example.org').length >= 1);
    // Nothing more on its way: every queued notice is sent, so a second receipt would be here by now.
    const notices = cms.strapi.db.query('api::notice-email.notice-email' as never);
    await waitUntil('the notice queue to empty', async () => (await notices.count({ where: { state: 'pending' } })) === 0);
    for (const [index, email] of ['beside-1@example.org', 'beside-2@example.org'].entries()) {
      expect(receiptsTo(email)).toEqual([`Booking ${(outcomes[index * 2] as PromiseFulfilledResult<{ documentId: string }>).value.documentId}`]);
    }
  });
});
