/**
 * A booking's address is kept in lower case, so one address is one place however it was typed:
 * whatever writes the booking (below the Document Service too), and for rows written around the
 * CMS altogether (raw SQL, a database restored from before the rule), from the next start.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createDatabase, databaseKind, documents, startCms, type Database, type RunningCms } from './support/cms';

const bookingUid = 'api::training-booking.training-booking';
const inDays = (days: number) => new Date(Date.now() + days * 24 * 60 * 60 * 1000).toISOString().slice(0, 10);
const session = { date: inDays(30), startTime: '09:30:00.000', endTime: '13:00:00.000', format: 'online', capacity: 20, bookingOpen: true };
const sessionKey = `${session.date}T09:30`;

let database: Database;
let cms: RunningCms;
let course: string;
let courseRow: number;

const booking = (email: string) => ({ course, kind: 'booking', sessionKey, name: 'Pat Trainee', email, status: 'confirmed' });
/** A booking row written with the query engine (no Document Service, no events), linked by row id to the course's published row. */
const row = (email: string, documentId: string) => ({ ...booking(email), course: courseRow, documentId, publishedAt: new Date() });
const storedEmail = async (documentId: string) => (await documents(cms, bookingUid).findOne({ documentId, fields: ['email'] })).email as string;

beforeAll(async () => {
  database = await createDatabase(databaseKind);
  cms = await startCms(databaseKind, { database });
  course = (
    await documents(cms, 'api::training-course.training-course').create({ data: { title: 'Chairing reviews', slug: 'chairing-reviews', sessions: [session] }, status: 'published' })
  ).documentId;
  ({ id: courseRow } = (await cms.strapi.db.query('api::training-course.training-course' as never).findOne({ where: { documentId: course, publishedAt: { $notNull: true } } })) as { id: number });
}, 120_000);

afterAll(async () => {
  await cms?.stop();
  await database?.drop();
});

describe('written through the query engine, below the Document Service', () => {
  test('a booking created or edited with capitals in its address is stored in lower case', async () => {
    const query = cms.strapi.db.query(bookingUid as never);
    const created = (await query.create({ data: row('Query.Engine@Example.org', 'queryenginebooking0000001') })) as { id: number; documentId: string };
    expect(await storedEmail(created.documentId)).toBe('query.engine@example.org');
    await query.createMany({ data: [row('Many.At@Once.Example.org', 'queryenginebooking0000002')] });
    expect(await storedEmail('queryenginebooking0000002')).toBe('many.at@once.example.org');
    await query.update({ where: { id: created.id }, data: { email: 'EDITED@Example.org' } });
    expect(await storedEmail(created.documentId)).toBe('edited@example.org');
    await query.updateMany({ where: { id: created.id }, data: { email: 'Edited.Again@Example.org' } });
    expect(await storedEmail(created.documentId)).toBe('edited.again@example.org');
  });

  test('so the places rule sees it as the address it is: the same person typed differently has no second place', async () => {
    await cms.strapi.db.query(bookingUid as never).create({ data: row('Typed.Once@Example.org', 'queryenginebooking0000003') });
    await expect(documents(cms, bookingUid).create({ data: booking('typed.ONCE@example.org') })).rejects.toThrow(/already has a place/);
  });
});

describe('written around the CMS, then the CMS starts', () => {
  test('addresses written in capitals by raw SQL are lowered at the next start', async () => {
    // Through the query engine, which sends no events that could still be running when the CMS stops.
    const written = (await cms.strapi.db.query(bookingUid as never).create({ data: row('raw.sql@example.org', 'rawsqlbooking000000000001') })) as { documentId: string };
    await cms.strapi.db.connection('training_bookings').where('document_id', written.documentId).update({ email: 'Raw.SQL@Example.org' });
    expect(await storedEmail(written.documentId)).toBe('Raw.SQL@Example.org');
    await cms.stop();
    cms = await startCms(databaseKind, { database });
    expect(await storedEmail(written.documentId)).toBe('raw.sql@example.org');
    await expect(documents(cms, bookingUid).create({ data: booking('raw.sql@example.org') })).rejects.toThrow(/already has a place/);
  }, 120_000);
});
