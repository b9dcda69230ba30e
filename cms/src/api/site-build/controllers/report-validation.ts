import { timingSafeEqual } from 'node:crypto';
import { inputSchema } from '@iro/content-types';

/** A build report is the site-build entry's own fields, checked against its definition. */
export const buildReportSchema = inputSchema('site-build').partial();

/** True when the request carries `Authorization: Bearer <SITE_BUILDER_SECRET>`. */
export function fromSiteBuilder(authorization: string | undefined): boolean {
  const secret = process.env.SITE_BUILDER_SECRET;
  if (!secret || !authorization) return false;
  const given = Buffer.from(authorization);
  const expected = Buffer.from(`Bearer ${secret}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
