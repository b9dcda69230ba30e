import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { documents, startCms, type RunningCms } from './support/cms';

const secret = 'report-secret-0123456789';
let cms: RunningCms;
beforeAll(async () => {
  process.env.SITE_BUILDER_SECRET = secret;
  cms = await startCms();
});
afterAll(async () => {
  delete process.env.SITE_BUILDER_SECRET;
  await cms?.stop();
});

const report = (body: unknown, authorization?: string) =>
  fetch(`${cms.url}/api/site-build/report`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(body),
  });

describe('the site builder reports builds to the CMS', () => {
  test('without the builder secret a report is refused and nothing is stored', async () => {
    expect((await report({ building: true })).status).toBe(401);
    expect((await report({ building: true }, 'Bearer not-the-secret-at-all')).status).toBe(401);
    expect(await documents(cms, 'api::site-build.site-build').findFirst()).toBeNull();
  });

  test('a malformed report gets 400 naming the field; a good one is stored for editors', async () => {
    const bad = await report({ building: 'yes', unknownField: 1 }, `Bearer ${secret}`);
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toContain('building');
    const good = await report({ building: false, lastError: 'CMS unreachable', lastFailureAt: '2026-11-23T10:00:00.000Z' }, `Bearer ${secret}`);
    expect(good.status).toBe(204);
    const stored = await documents(cms, 'api::site-build.site-build').findFirst();
    expect(stored).toMatchObject({ building: false, lastError: 'CMS unreachable' });
  });

  test('visitors cannot read the build status', async () => {
    expect((await cms.get('/api/site-build')).status).toBe(403);
  });
});
