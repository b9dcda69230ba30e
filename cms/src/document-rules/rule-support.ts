/**
 * What the Document Service rules share: the error a broken rule throws, reading a relation from
 * whatever shape a writer gave it, and running a check-then-write without a race.
 */
import type { Core } from '@strapi/strapi';
import { errors } from '@strapi/utils';

export interface RuleIssue {
  /** The field the rule is about, as a path: `['nominees', 1, 'localAuthority']`. */
  path: (string | number)[];
  message: string;
}

/**
 * A broken rule: Strapi's ValidationError, so the admin shows the message by the field, the REST
 * API answers 400, and the form endpoints turn it into the form's own error per field.
 */
export const ruleBroken = (issues: RuleIssue[]) =>
  new errors.ValidationError(issues.map((issue) => issue.message).join(' '), {
    errors: issues.map((issue) => ({ path: issue.path.map(String), message: issue.message, name: 'ValidationError' })),
  });

/** Field messages from an error a rule threw (keys joined with dots), or undefined for any other error. */
export function ruleIssues(error: unknown): Record<string, string> | undefined {
  if (!(error instanceof errors.ValidationError)) return undefined;
  const details = (error.details ?? {}) as { errors?: { path?: string[]; message?: string }[] };
  if (!Array.isArray(details.errors) || details.errors.length === 0) return { '(form)': error.message };
  const found: Record<string, string> = {};
  for (const issue of details.errors) found[(issue.path ?? []).join('.') || '(form)'] ??= issue.message ?? error.message;
  return found;
}

/**
 * The stored entry an edit or a Duplicate (the Document Service's `clone`) starts from, which the
 * call's `data` changes part of; none for a create.
 */
export async function startingEntry<T>(strapi: Core.Strapi, context: { uid: string; action: string; params: unknown }, populate: object): Promise<T | null> {
  const { documentId } = context.params as { documentId?: string };
  if (context.action === 'create' || !documentId) return null;
  return ((await strapi.documents(context.uid as never).findOne({ documentId, populate } as never)) as T | null) ?? null;
}

type Reference = { documentId?: string; id?: number };

/** The entry a relation value points at: a documentId, `{ documentId }`, an id, or `{ connect | set: [...] }`. */
export function relationReference(value: unknown): Reference | undefined {
  if (typeof value === 'string' && value) return { documentId: value };
  if (typeof value === 'number') return { id: value };
  if (!value || typeof value !== 'object') return undefined;
  const record = value as Record<string, unknown>;
  if (typeof record.documentId === 'string') return { documentId: record.documentId };
  if (typeof record.id === 'number') return { id: record.id };
  for (const key of ['set', 'connect']) {
    const list = record[key];
    if (Array.isArray(list) && list.length > 0) return relationReference(list[0]);
  }
  return undefined;
}

/** The documentId a relation value points at (looked up when it was given as a row id). */
export async function relationDocumentId(strapi: Core.Strapi, targetUid: string, value: unknown): Promise<string | undefined> {
  const reference = relationReference(value);
  if (!reference) return undefined;
  if (reference.documentId) return reference.documentId;
  const row = await strapi.db.query(targetUid as never).findOne({ where: { id: reference.id }, select: ['documentId'] });
  return (row as { documentId?: string } | null)?.documentId;
}

/**
 * Runs `work` in one database transaction, alone among all callers with the same key (or any of
 * the same keys): counting places and then taking one cannot race with another request doing the
 * same. On PostgreSQL transaction-scoped advisory locks do it, taken in sorted order so that two
 * callers wanting the same keys never deadlock; SQLite runs one transaction at a time anyway
 * (Strapi's SQLite pool has a single connection). Writes through the Document Service inside
 * `work` join this transaction, and a transaction this runs in holds the locks to its commit.
 */
export function serialised<T>(strapi: Core.Strapi, keys: string | readonly string[], work: () => Promise<T>): Promise<T> {
  return strapi.db.transaction(async ({ trx }): Promise<T> => {
    if (strapi.db.dialect.client === 'postgres') {
      for (const key of [...new Set(typeof keys === 'string' ? [keys] : keys)].sort()) await trx.raw('SELECT pg_advisory_xact_lock(hashtextextended(?, 0))', [key]);
    }
    return work();
  }) as Promise<T>;
}
