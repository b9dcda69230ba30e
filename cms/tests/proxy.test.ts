import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RunningCms } from './support/cms';
import { startCmsWithMail, type CmsWithMail } from './support/forms';

let running: CmsWithMail;
let cms: RunningCms;
beforeAll(async () => {
  process.env.CMS_BEHIND_PROXY = 'true';
  running = await startCmsWithMail({ formRateLimit: 1 });
  cms = running.cms;
});
afterAll(async () => {
  await running?.stop();
  delete process.env.CMS_BEHIND_PROXY;
});

/** A follow as it arrives through the proxy, which appended `proxyHop` to what the client sent. */
const followVia = (forwardedFor: string) =>
  fetch(`${cms.url}/api/forms/follow`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json', 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email: 'proxy@example.org' }),
  });

describe('behind a proxy, a client is the address the proxy saw', () => {
  test('a client cannot dodge the rate limit by writing its own X-Forwarded-For entries', async () => {
    expect((await followVia('10.0.0.1, 203.0.113.7')).status).toBe(202);
    // Same client (the proxy appended 203.0.113.7 again), a forged first entry: still limited.
    expect((await followVia('10.0.0.2, 203.0.113.7')).status).toBe(429);
    // Another client, as the proxy saw it: its own limit.
    expect((await followVia('10.0.0.1, 198.51.100.4')).status).toBe(202);
  });
});
