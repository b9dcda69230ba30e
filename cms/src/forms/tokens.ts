/**
 * Tokens in e-mailed links. Confirmation tokens are random and only their hash is stored, so a
 * database leak confirms nobody. Unsubscribe tokens are signed (HMAC) and need no storage, so
 * every e-mail can carry a working link for as long as the subscriber exists.
 */
import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const newToken = () => randomBytes(32).toString('base64url');
export const tokenHash = (token: string) => createHash('sha256').update(token).digest('hex');

/** Tokens are only ever base64url; anything else is refused before it is looked up or shown. */
export const looksLikeToken = (value: unknown): value is string => typeof value === 'string' && /^[A-Za-z0-9_.-]{20,300}$/.test(value);

/** A secret from the environment, refused when unset or shorter than 16 characters. */
export function requiredSecret(name: string): string {
  const value = process.env[name];
  if (!value || value.length < 16) throw new Error(`${name} (16+ characters) is not set.`);
  return value;
}

export const tokenSecret = () => requiredSecret('FORM_TOKEN_SECRET');

const sign = (purpose: string, id: string) => createHmac('sha256', tokenSecret()).update(`${purpose}:${id}`).digest('base64url');

/** `<documentId>.<signature>` for a purpose such as "unsubscribe". */
export const signedToken = (purpose: string, documentId: string) => `${documentId}.${sign(purpose, documentId)}`;

/** The documentId a signed token was made for, or undefined if it was not made here for this purpose. */
export function verifySignedToken(purpose: string, token: string): string | undefined {
  const [documentId, signature] = token.split('.');
  if (!documentId || !signature) return undefined;
  const expected = Buffer.from(sign(purpose, documentId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? documentId : undefined;
}
