/** The site's one digest: SHA-256 of a text, in URL-safe base64 (content sync, post texts, cache keys). */
import { createHash } from 'node:crypto';

export const digest = (text: string): string => createHash('sha256').update(text).digest('base64url');
