import { mkdirSync, mkdtempSync, readdirSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { rebuildReason } from '@iro/content-types';
import { afterEach, describe, expect, test, vi } from 'vitest';
import { msUntilNextUkMidnight, rebuildDaily } from '../builder/daily-rebuild.js';
import { SiteBuilder, type BuildContext, type BuildScope } from '../builder/site-builder.js';
import { startWebhookServer } from '../builder/webhook-server.js';
import { serveStatic } from '../lib/static-server.js';

const secret = 'test-secret-0123456789';
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

/**
 * A stand-in for `astro build` that writes two pages slowly, each stamped with the build's
 * number and ending with a marker, so a reader can tell a whole page of one build from a mix.
 */
function fakeSite(options: { durationMs?: number; failOn?: Set<number> } = {}) {
  const stats = { builds: 0, running: 0, maxRunning: 0, scopes: [] as BuildScope[] };
  const build = async (outDir: string, context: BuildContext) => {
    const number = ++stats.builds;
    stats.scopes.push(context.scope);
    stats.running++;
    stats.maxRunning = Math.max(stats.maxRunning, stats.running);
    try {
      mkdirSync(path.join(outDir, 'about'), { recursive: true });
      await sleep((options.durationMs ?? 100) / 2);
      if (options.failOn?.has(number)) throw new Error(`CmsLoadError: build ${number} broke`);
      writeFileSync(path.join(outDir, 'index.html'), `<p>build ${number}</p><!--end-->`);
      await sleep((options.durationMs ?? 100) / 2);
      writeFileSync(path.join(outDir, 'about', 'index.html'), `<p>about ${number}</p><!--end-->`);
      writeFileSync(path.join(outDir, '404.html'), 'not found');
    } finally {
      stats.running--;
    }
  };
  return { stats, build };
}

async function setUp(
  site: ReturnType<typeof fakeSite>,
  options: { debounceMs?: number; afterLive?: (liveDir: string, context: BuildContext, signal: AbortSignal) => Promise<string | void> } = {},
) {
  const root = mkdtempSync(path.join(tmpdir(), 'iro-builder-'));
  const builder = new SiteBuilder({ root, build: site.build, debounceMs: options.debounceMs ?? 150, ...(options.afterLive ? { afterLive: options.afterLive } : {}) });
  const hooks = await startWebhookServer({ builder, secret });
  cleanups.push(() => hooks.close());
  const post = (body: unknown, token: string | null = secret, pathname = '/webhook') =>
    fetch(hooks.url + pathname, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
  return { builder, hooks, post };
}

const publishPost = (slug: string) => ({ event: 'entry.publish', uid: 'api::post.post', model: 'post', entry: { slug, publishedAt: '2026-01-01T00:00:00Z' } });

describe('which webhooks rebuild the site', () => {
  test('publishing, unpublishing, deleting public content, media changes and comment moderation and comments approved at once do; drafts, held comments and other private types do not', () => {
    expect(rebuildReason(publishPost('a'))).toBe('entry.publish post "a"');
    expect(rebuildReason({ event: 'entry.unpublish', uid: 'api::event.event', entry: {} })).toBeDefined();
    expect(rebuildReason({ event: 'entry.delete', uid: 'api::region.region', entry: {} })).toBeDefined();
    expect(rebuildReason({ event: 'media.update', uid: '' })).toBe('media.update');
    expect(rebuildReason({ event: 'entry.update', uid: 'api::post.post', entry: { publishedAt: '2026-01-01T00:00:00Z' } })).toBeDefined();
    expect(rebuildReason({ event: 'entry.update', uid: 'api::post.post', entry: { publishedAt: null } })).toBeUndefined();
    expect(rebuildReason({ event: 'entry.create', uid: 'api::comment.comment', entry: { publishedAt: '2026-01-01T00:00:00Z', status: 'pending' } })).toBeUndefined();
    // A returning commenter approved at once (site settings) appears without waiting for an editor.
    expect(rebuildReason({ event: 'entry.create', uid: 'api::comment.comment', entry: { status: 'approved', doNotPublish: false } })).toBe('entry.create comment (approved at once)');
    expect(rebuildReason({ event: 'entry.create', uid: 'api::comment.comment', entry: { status: 'approved', doNotPublish: true } })).toBeUndefined();
    expect(rebuildReason({ event: 'entry.update', uid: 'api::comment.comment', entry: {} })).toBe('entry.update comment (moderation)');
    expect(rebuildReason({ event: 'entry.publish', uid: 'api::subscriber.subscriber', entry: {} })).toBeUndefined();
  });
});

describe('pages that depend on the date are rebuilt every night', () => {
  const hours = (ms: number) => ms / 3_600_000;

  test('the next build is at 00:05 UK time, in winter and in summer, and across the clock change', () => {
    expect(hours(msUntilNextUkMidnight(new Date('2026-11-25T10:00:00Z')))).toBeCloseTo(14 + 5 / 60);
    // 23.30 in British Summer Time is 22.30 UTC: the UK midnight is 23.00 UTC.
    expect(hours(msUntilNextUkMidnight(new Date('2027-07-01T22:30:00Z')))).toBeCloseTo(35 / 60);
    // The clocks go forward at 01.00 UTC on 28 March 2027: 00.05 that night is still GMT.
    expect(hours(msUntilNextUkMidnight(new Date('2027-03-27T23:30:00Z')))).toBeCloseTo(35 / 60);
    // And back at 01.00 UTC on 31 October 2027: 00.05 on 31 October is still BST (23.05 UTC on the 30th).
    expect(hours(msUntilNextUkMidnight(new Date('2027-10-30T20:00:00Z')))).toBeCloseTo(3 + 5 / 60);
  });

  test('each night the builder is asked for a build that reads only what changed', () => {
    vi.useFakeTimers({ now: new Date('2026-11-25T23:58:00Z') });
    try {
      const requests: [string, BuildScope | undefined][] = [];
      const daily = rebuildDaily({ request: (reason: string, _at?: number, scope?: BuildScope) => void requests.push([reason, scope]) });
      // 23.58 UK time now: nothing until 00.05.
      vi.advanceTimersByTime(6 * 60_000);
      expect(requests).toEqual([]);
      vi.advanceTimersByTime(2 * 60_000);
      expect(requests).toHaveLength(1);
      expect(requests[0]![1]).toBe('changes');
      vi.advanceTimersByTime(24 * 3_600_000);
      expect(requests).toHaveLength(2);
      daily.stop();
      vi.advanceTimersByTime(48 * 3_600_000);
      expect(requests).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('the builder under bursts of webhooks', () => {
  test('a burst of 20 webhooks (Strapi repeats some) makes at most 2 builds', async () => {
    const site = fakeSite();
    const { builder, post } = await setUp(site);
    const responses = await Promise.all(Array.from({ length: 20 }, (_, i) => post(publishPost(`post-${i % 7}`))));
    expect(responses.every((response) => response.status === 202)).toBe(true);
    await sleep(50);
    await builder.idle();
    expect(site.stats.builds).toBeGreaterThanOrEqual(1);
    expect(site.stats.builds).toBeLessThanOrEqual(2);
  });

  test('never runs two builds at once, and a change during a build makes one more build', async () => {
    const site = fakeSite({ durationMs: 300 });
    const { builder, post } = await setUp(site, { debounceMs: 20 });
    await post(publishPost('first'));
    await sleep(120); // the first build is running now
    expect(builder.building).toBe(true);
    for (let i = 0; i < 5; i++) await post(publishPost(`during-${i}`));
    await builder.idle();
    expect(site.stats.maxRunning).toBe(1);
    expect(site.stats.builds).toBe(2);
    expect(builder.lastSuccess?.reasons).toContain('entry.publish post "during-4"');
  });

  test('a publish asks for a build that reuses what it did not change; "Rebuild now" in the admin for one from scratch, which wins in a batch', async () => {
    const site = fakeSite();
    const { builder, post } = await setUp(site, { debounceMs: 50 });
    await post(publishPost('a'));
    await sleep(10);
    await builder.idle();
    await post(publishPost('b'));
    await post({ event: 'entry.update', uid: 'api::site-build.site-build', entry: { rebuildRequested: true } });
    await sleep(10);
    await builder.idle();
    expect(site.stats.scopes).toEqual(['changes', 'fresh']);
    expect(builder.lastSuccess?.scope).toBe('fresh');
  });

  /** A step after going live that takes 2 s unless stopped (at once if it was stopped before it began); marks the step stopped. */
  const twoSecondsUnlessStopped = (step: { stopped: boolean }, signal: AbortSignal) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, 2000);
      const stop = () => {
        clearTimeout(timer);
        step.stopped = true;
        resolve();
      };
      if (signal.aborted) stop();
      else signal.addEventListener('abort', stop);
    });

  test('the step after going live (the search index) runs on the served site, and a new publish stops it instead of waiting for it', async () => {
    const site = fakeSite({ durationMs: 20 });
    const steps: { liveDir: string; served: string; stopped: boolean }[] = [];
    let currentDir = '';
    const afterLive = async (liveDir: string, _context: BuildContext, signal: AbortSignal) => {
      const step = { liveDir, served: realpathSync(currentDir), stopped: false };
      steps.push(step);
      await twoSecondsUnlessStopped(step, signal);
    };
    const { builder, post } = await setUp(site, { debounceMs: 10, afterLive });
    currentDir = builder.currentDir;
    await post(publishPost('first'));
    await sleep(300); // built and live; the step after it is running
    expect(steps).toHaveLength(1);
    expect(steps[0]!.served).toBe(steps[0]!.liveDir);
    const secondAt = Date.now();
    await post(publishPost('second'));
    while (builder.buildCount < 2) await sleep(10);
    // Live well before the first step's 2 s were up: that step was stopped, not waited for.
    expect(builder.lastSuccess!.finishedAt.getTime() - secondAt).toBeLessThan(1000);
    expect(steps[0]!.stopped).toBe(true);
    await builder.idle();
    expect(steps).toHaveLength(2);
    expect(steps[1]!.stopped).toBe(false);
  });

  test('a publish that comes during a build does not wait for that build\'s step after going live: the step is stopped at once', async () => {
    const site = fakeSite({ durationMs: 400 });
    const steps: { stopped: boolean }[] = [];
    const afterLive = async (_liveDir: string, _context: BuildContext, signal: AbortSignal) => {
      const step = { stopped: false };
      steps.push(step);
      await twoSecondsUnlessStopped(step, signal);
    };
    const { builder, post } = await setUp(site, { debounceMs: 10, afterLive });
    await post(publishPost('first'));
    while (!builder.building) await sleep(5);
    const secondAt = Date.now();
    await post(publishPost('second')); // while the first build runs
    while (builder.buildCount < 2) await sleep(10);
    // The first build's 400 ms, then the second's: not the first step's 2 s on top.
    expect(builder.lastSuccess!.finishedAt.getTime() - secondAt).toBeLessThan(1500);
    expect(steps[0]!.stopped).toBe(true);
    await builder.idle();
    expect(steps).toHaveLength(2);
    expect(steps[1]!.stopped).toBe(false);
  });

  test('a missing or wrong secret gets 401 and builds nothing', async () => {
    const site = fakeSite();
    const { builder, post } = await setUp(site);
    expect((await post(publishPost('x'), null)).status).toBe(401);
    expect((await post(publishPost('x'), 'wrong-secret-0123456789')).status).toBe(401);
    expect((await post({}, 'short', '/rebuild')).status).toBe(401);
    await sleep(300);
    expect(builder.building).toBe(false);
    expect(site.stats.builds).toBe(0);
  });
});

describe('what visitors see while the site rebuilds', () => {
  test('a failing build keeps the last good site served and records why', async () => {
    const site = fakeSite({ failOn: new Set([2]) });
    const { builder, post } = await setUp(site, { debounceMs: 10 });
    const server = await serveStatic(builder.currentDir);
    cleanups.push(() => server.close());

    await post(publishPost('one'));
    await sleep(20);
    await builder.idle();
    expect(await (await fetch(server.url + '/')).text()).toContain('build 1');

    await post(publishPost('two'));
    await sleep(20);
    await builder.idle();
    expect(builder.lastFailure?.error).toContain('build 2 broke');
    const page = await fetch(server.url + '/');
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('build 1');
    expect(builder.lastSuccess?.id).toBeDefined();
  });

  test('a reader polling during rebuilds never gets a 404 or a page from a half-built site', async () => {
    const site = fakeSite({ durationMs: 120 });
    const { builder, post } = await setUp(site, { debounceMs: 10 });
    await post(publishPost('initial'));
    await sleep(20);
    await builder.idle();
    const server = await serveStatic(builder.currentDir);
    cleanups.push(() => server.close());

    let reading = true;
    const problems: string[] = [];
    let reads = 0;
    const reader = (async () => {
      while (reading) {
        for (const pathname of ['/', '/about/']) {
          const response = await fetch(server.url + pathname);
          const text = await response.text();
          reads++;
          if (response.status !== 200 || !text.endsWith('<!--end-->')) problems.push(`${pathname}: ${response.status} ${text}`);
        }
      }
    })();
    for (let i = 0; i < 4; i++) {
      await post(publishPost(`edit-${i}`));
      await sleep(30);
      await builder.idle();
    }
    reading = false;
    await reader;
    expect(site.stats.builds).toBe(5);
    expect(reads).toBeGreaterThan(20);
    expect(problems).toEqual([]);
    expect(await (await fetch(server.url + '/')).text()).toContain('build 5');

    // Old builds are removed in the background; the served one and the two before it stay.
    const buildsDir = path.join(path.dirname(builder.currentDir), 'builds');
    const builds = () => readdirSync(buildsDir).filter((name) => /^\d+-\d+$/.test(name));
    for (let waited = 0; builds().length > 3 && waited < 5000; waited += 50) await sleep(50);
    expect(builds()).toHaveLength(3);
    expect(builds()).toContain(path.basename(realpathSync(builder.currentDir)));
  });

  test('served pages carry caching and security headers', async () => {
    const site = fakeSite();
    const { builder, post } = await setUp(site, { debounceMs: 10 });
    await post(publishPost('x'));
    await sleep(20);
    await builder.idle();
    const server = await serveStatic(builder.currentDir);
    cleanups.push(() => server.close());
    const page = await fetch(server.url + '/about/');
    expect(page.headers.get('cache-control')).toBe('public, max-age=0, must-revalidate');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    const missing = await fetch(server.url + '/nope/');
    expect(missing.status).toBe(404);
  });
});
