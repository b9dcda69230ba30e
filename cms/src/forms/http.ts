/**
 * What every visitors' form endpoint shares: telling browsers' plain form posts (answered with a
 * 303 redirect back to the site) from scripts asking for JSON, a per-client rate limit, a body
 * size limit, and hashing the client's address for consent records.
 */
import { createHash } from 'node:crypto';
import { RateLimiterMemory } from 'rate-limiter-flexible';
import { requiredSecret, tokenSecret } from './tokens';

/** The parts of Koa's context the form endpoints use. */
export interface FormContext {
  ip: string;
  path: string;
  method: string;
  status: number;
  body: unknown;
  request: { body?: unknown; length?: number; type: string; headers: Record<string, string | string[] | undefined> };
  query: Record<string, unknown>;
  accepts(...types: string[]): string | false;
  set(name: string, value: string): void;
  redirect(url: string): void;
  type: string;
}

/** The site's address, where browsers are sent back to. */
export const siteUrl = () => (process.env.SITE_URL ?? 'http://localhost:4321').replace(/\/$/, '');
/** The CMS's public address, for links in e-mails. */
export const cmsPublicUrl = () => (process.env.CMS_PUBLIC_URL || `http://localhost:${process.env.PORT ?? 1337}`).replace(/\/$/, '');

/** A plain HTML form post from a browser (as opposed to a script that wants JSON). */
export const isBrowserForm = (ctx: FormContext) =>
  ctx.request.type === 'application/x-www-form-urlencoded' && ctx.accepts('html', 'json') !== 'json';

/** Answers with JSON, or sends a browser to a page of the site with a 303 (POST → GET). */
export function respond(ctx: FormContext, status: number, json: object, sitePath: string): void {
  if (isBrowserForm(ctx)) {
    ctx.status = 303;
    ctx.redirect(`${siteUrl()}${sitePath}`);
    return;
  }
  ctx.status = status;
  ctx.body = json;
}

/** A form body over this is refused before anything else looks at it. */
export const maxFormBytes = 16 * 1024;

const limiters = new Map<string, RateLimiterMemory>();

/**
 * Per-client rate limit for a form: `points` posts per `seconds`. The client is Koa's `ctx.ip`,
 * which honours X-Forwarded-For only when the CMS is configured to sit behind a proxy
 * (CMS_BEHIND_PROXY), and then only the hop that proxy added.
 */
export async function withinRateLimit(ctx: FormContext, form: string, points = 10, seconds = 60): Promise<boolean> {
  let limiter = limiters.get(form);
  if (!limiter) {
    limiter = new RateLimiterMemory({ points: Number(process.env.FORM_RATE_LIMIT ?? points), duration: seconds, keyPrefix: form });
    limiters.set(form, limiter);
  }
  try {
    await limiter.consume(ctx.ip || 'unknown');
    return true;
  } catch (rejection) {
    const retry = Math.ceil(((rejection as { msBeforeNext?: number }).msBeforeNext ?? seconds * 1000) / 1000);
    ctx.set('Retry-After', String(retry));
    return false;
  }
}

/** The salt of `ipHash`. Without one, an IPv4 address's hash is undone by hashing all 2³² of them. */
const ipHashSalt = () => requiredSecret('IP_HASH_SALT');

/** A salted one-way hash of the client's address: enough to spot abuse, never the address itself. */
export const ipHash = (ip: string) => createHash('sha256').update(`${ipHashSalt()}:${ip}`).digest('hex');

/** The forms' secrets, checked as the CMS starts: a missing one stops it, named, rather than failing visitors' forms one by one. */
export function requireFormSecrets(): void {
  tokenSecret();
  ipHashSalt();
}

/**
 * Route middleware for the pages and buttons behind e-mailed links (confirm, unsubscribe, manage,
 * cancel a booking): the forms' body size limit and per-client rate limit. An RFC 8058 one-click
 * unsubscribe is not rate-limited: it comes from a mail provider's server, one address for many
 * people, and must never be refused.
 */
/** The route config of a page or button behind an e-mailed link: no login, `linkGuard` first. */
export const linkRoute = { auth: false as const, middlewares: [linkGuard] };

export async function linkGuard(ctx: FormContext, next: () => Promise<void>): Promise<void> {
  const tooLarge = (ctx.request.length ?? 0) > maxFormBytes;
  const oneClick = ctx.path === '/api/forms/unsubscribe' && (ctx.request.body as Record<string, unknown> | undefined)?.['List-Unsubscribe'] === 'One-Click';
  if (tooLarge || (!oneClick && !(await withinRateLimit(ctx, 'links')))) {
    ctx.status = tooLarge ? 413 : 429;
    ctx.type = 'text/plain; charset=utf-8';
    ctx.body = tooLarge ? 'That request is too large.' : 'Too many requests from your address: wait a minute, then open the link again.';
    return;
  }
  await next();
}
