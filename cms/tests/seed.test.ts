import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { contentTypes, type ContentTypeName } from '@iro/content-types';
import { documents, startCms, type RunningCms } from './support/cms';
import { compiledSeed, demoContentDir, seedDemoContent } from './support/seed';

const uid = (name: ContentTypeName) => `api::${name}.${name}` as any;
const demoRecords = (file: string) => JSON.parse(readFileSync(path.join(demoContentDir, file), 'utf8')) as any[];

/** Number of stored rows of every content type (drafts and published versions alike). */
async function countAll(cms: RunningCms): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const name of Object.keys(contentTypes) as ContentTypeName[]) counts[name] = await cms.strapi.db.query(uid(name)).count();
  return counts;
}

/** A copy of the demo content with one file changed, to feed the seed bad records. */
function demoContentWith(file: string, change: (records: any) => any): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'iro-seed-')), 'demo-content');
  cpSync(demoContentDir, dir, { recursive: true });
  writeFileSync(path.join(dir, file), JSON.stringify(change(JSON.parse(readFileSync(path.join(dir, file), 'utf8')))));
  return dir;
}

describe('seeding an empty database', () => {
  let cms: RunningCms;
  beforeAll(async () => {
    cms = await startCms();
  });
  afterAll(() => cms?.stop());

  test('a bad record stops the seed, names file, record and field, and writes nothing', async () => {
    const dir = demoContentWith('events.json', (events) => {
      events[2].startsAt = 'Thursday 24th September';
      return events;
    });
    const before = await countAll(cms);
    const error = await seedDemoContent(cms.strapi, dir).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(compiledSeed().SeedError);
    expect((error as Error).message).toMatch(/demo-content\/events\.json, record 3 \("london-regional-meeting-september-2015"\), field "startsAt"/);
    expect(await countAll(cms)).toEqual(before);
  });

  test('a record Strapi refuses half-way rolls back everything written before it', async () => {
    // Valid by the schema, but its region refers to a region that does not exist: found only
    // while writing, after topics, people and regions have been written in the same run.
    const dir = demoContentWith('events.json', (events) => {
      events.at(-1).region = 'atlantis';
      return events;
    });
    const before = await countAll(cms);
    const error = await seedDemoContent(cms.strapi, dir).catch((caught: unknown) => caught);
    expect((error as Error).message).toMatch(/events\.json, record \d+ \("nairo-campaign-meeting-september-2022"\), field "region": no region "atlantis"/);
    expect(await countAll(cms)).toEqual(before);
  });

  test('the demo content becomes structured, published entries', async () => {
    const report = await seedDemoContent(cms.strapi);
    expect(report.created.region).toBe(9);
    for (const [name, file] of [
      ['post', 'posts.json'],
      ['event', 'events.json'],
      ['training-course', 'training-courses.json'],
      ['magazine-article', 'magazine-articles.json'],
      ['page', 'pages.json'],
    ] as const) {
      expect(report.created[name], name).toBe(demoRecords(file).length);
      const published = await documents(cms, uid(name)).findMany({ status: 'published', limit: 1000 });
      expect(published, name).toHaveLength(demoRecords(file).length);
    }

    const london = await documents(cms, uid('region')).findFirst({
      filters: { slug: 'london' },
      status: 'published',
      populate: { leads: { populate: ['person'] } },
    });
    expect(london.leads.map((lead: any) => [lead.role, lead.person.name, lead.person.localAuthority])).toEqual([
      ['Chair', 'Geraldine O’Donnell', 'London Borough of Tower Hamlets'],
      ['Chair', 'Susan Webb', 'London Borough of Bexley'],
    ]);

    const meetings = await documents(cms, uid('event')).findMany({
      filters: { kind: 'regional-meeting', region: { slug: 'london' } },
      status: 'published',
      sort: 'startsAt',
      populate: ['venue'],
    });
    const londonTime = (iso: string) =>
      new Date(iso).toLocaleString('en-GB', { timeZone: 'Europe/London', dateStyle: 'full', timeStyle: 'short' });
    expect(meetings.map((meeting: any) => `${londonTime(meeting.startsAt)} to ${londonTime(meeting.endsAt).slice(-5)}`)).toEqual([
      'Thursday, 19 March 2015 at 10:00 to 12:30',
      'Thursday, 4 June 2015 at 10:00 to 12:30',
      'Thursday, 24 September 2015 at 10:00 to 12:30',
      'Thursday, 10 December 2015 at 10:00 to 12:30',
    ]);
    expect(meetings[0].venue.postcode).toBe('SW1P 3BT');

    const call = await documents(cms, uid('nomination-call')).findFirst({ status: 'published', populate: ['steeringGroup'] });
    expect(new Date(call.closesAt).toISOString()).toBe('2020-07-03T22:59:59.000Z');
    expect(call.nomineesPerRegion).toBe(2);
    expect(call.distinctLocalAuthorities).toBe(true);
    expect(call.steeringGroup.map((person: any) => person.name).sort()).toEqual(['Amanda Checkley', 'Ian Bowden', 'Tricia Hunte']);

    const course = await documents(cms, uid('training-course')).findFirst({
      filters: { slug: 'the-challenge-of-challenge' },
      status: 'published',
      populate: ['sessions', 'facilitator'],
    });
    expect(course.facilitator.name).toBe('Jon Fayle');
    expect(course.sessions.map((session: any) => session.date)).toEqual(['2022-10-07', '2023-01-20', '2027-04-09']);

    const sourced = await documents(cms, uid('post')).findFirst({
      filters: { slug: 'safeguarding-pressures-phase-8' },
      status: 'published',
      populate: ['source'],
    });
    expect(sourced.source).toMatchObject({ organisation: 'ADCS', publishedOn: '2022-12-14' });

    const settings = await documents(cms, uid('site-setting')).findFirst();
    expect(settings.organisationName).toBe('National IRO Managers Partnership');
  });

  test('a second run changes nothing, duplicates nothing, and keeps editors\' changes', async () => {
    const london = await documents(cms, uid('region')).findFirst({ filters: { slug: 'london' } });
    await documents(cms, uid('region')).update({
      documentId: london.documentId,
      data: { summary: 'Edited by an editor' },
      status: 'published',
    });
    const before = await countAll(cms);

    const report = await seedDemoContent(cms.strapi);

    expect(report.created).toEqual({});
    expect(report.skipped.region).toBe(9);
    expect(await countAll(cms)).toEqual(before);
    const after = await documents(cms, uid('region')).findFirst({ filters: { slug: 'london' }, status: 'published' });
    expect(after.summary).toBe('Edited by an editor');
  });
});
