/**
 * New submissions stored many to a statement. Through the Document Service each new comment cost
 * about a dozen queries and a fresh yup schema, built and cloned for every create: in a CPU
 * profile under load (bench/README.md), a fifth of a comment's time was that validation, of fields
 * the form's zod schema from content-types had already checked. Here a group of new rows of one
 * type is one INSERT through Strapi's query engine (its column names, defaults and types), then
 * a read of their ids and of the linked documents' ids, and one INSERT of their links.
 *
 * What the Document Service would do besides, and so what a caller gives up:
 * - Its middlewares do not run. None of ours acts on a new comment, enquiry or membership
 *   application; a test (cms/tests/group-commit.test.ts) stores a comment both ways and compares
 *   the rows, so a middleware that changes one, or a change in how Strapi stores one, shows there.
 * - Its `entry.create` event (webhooks: the site builder's, any an editor adds) carries the row's
 *   own fields, sanitised as the Document Service sanitises them (private fields removed), but
 *   not its links populated, which would cost a read per row. It is sent once the group commits.
 * Only types without draft and publish, whose links to other documents are join tables without
 * order columns (a many-to-one such as a comment's post), can be stored this way: `canBatchInsert`.
 */
import { sanitize } from '@strapi/utils';
import { newDocumentId } from '../outbox/queue';

/** A new row: its own fields as the Document Service takes them, and links to other documents by documentId. */
export interface NewRow {
  uid: string;
  data: Record<string, unknown>;
  links: Record<string, string | null>;
}

interface JoinTable {
  name: string;
  joinColumn: { name: string };
  inverseJoinColumn: { name: string };
  orderColumnName?: string;
  inverseOrderColumnName?: string;
}
interface Attribute {
  type: string;
  target?: string;
  joinTable?: JoinTable;
}

const attributeOf = (uid: string, name: string) => (strapi.db.metadata.get(uid as never) as unknown as { attributes: Record<string, Attribute> }).attributes[name];

/** Whether rows of `uid` with these links can be stored here (see above), else through the Document Service. */
export function canBatchInsert(uid: string, linkNames: readonly string[]): boolean {
  const contentType = strapi.contentTypes[uid as keyof typeof strapi.contentTypes] as { options?: { draftAndPublish?: boolean } } | undefined;
  if (!contentType || contentType.options?.draftAndPublish) return false;
  return linkNames.every((name) => {
    const attribute = attributeOf(uid, name);
    const table = attribute?.joinTable;
    return attribute?.type === 'relation' && Boolean(attribute.target) && Boolean(table) && !table!.orderColumnName && !table!.inverseOrderColumnName;
  });
}

/** The knex transaction of `strapi.db.transaction`, which the query engine's calls here join by themselves. */
type Transaction = Parameters<ReturnType<typeof strapi.db.getConnection>['transacting']>[0];

const idsByDocumentId = async (uid: string, documentIds: string[]): Promise<Map<string, number[]>> => {
  const rows = (await strapi.db.query(uid as never).findMany({ select: ['id', 'documentId'], where: { documentId: { $in: documentIds } } })) as { id: number; documentId: string }[];
  const ids = new Map<string, number[]>();
  for (const row of rows) ids.set(row.documentId, [...(ids.get(row.documentId) ?? []), row.id]);
  return ids;
};

/**
 * Stores `rows` (all of one type, `canBatchInsert`) inside the caller's transaction `trx`. A link
 * to a document that does not exist throws, as the Document Service would refuse it: the caller's
 * transaction is then rolled back and nothing of the group is stored.
 */
export async function batchInsert(trx: Transaction, rows: readonly NewRow[]): Promise<void> {
  if (rows.length === 0) return;
  const uid = rows[0]!.uid;
  if (rows.some((row) => row.uid !== uid)) throw new Error('batchInsert: rows of more than one type');
  const now = new Date();
  const documentIds = rows.map(() => newDocumentId(strapi, uid));
  // A type without draft and publish has one version of each document, published when stored.
  await strapi.db.query(uid as never).createMany({
    data: rows.map((row, index) => ({ ...row.data, documentId: documentIds[index], createdAt: now, updatedAt: now, publishedAt: now })),
  });
  const stored = await idsByDocumentId(uid, documentIds);
  const ownIds = documentIds.map((documentId) => {
    const [id] = stored.get(documentId) ?? [];
    if (id === undefined) throw new Error(`batchInsert: a new ${uid} was not stored`);
    return id;
  });

  for (const name of new Set(rows.flatMap((row) => Object.keys(row.links)))) {
    const attribute = attributeOf(uid, name)!;
    const table = attribute.joinTable!;
    const wanted = [...new Set(rows.map((row) => row.links[name]).filter((documentId): documentId is string => Boolean(documentId)))];
    if (wanted.length === 0) continue;
    // As the Document Service links a type without draft and publish: to every version of the document.
    const targets = await idsByDocumentId(attribute.target!, wanted);
    const linkRows = rows.flatMap((row, index) => {
      const documentId = row.links[name];
      if (!documentId) return [];
      const targetIds = targets.get(documentId);
      if (!targetIds) throw new Error(`batchInsert: ${name} ${documentId} does not exist`);
      return targetIds.map((targetId) => ({ [table.joinColumn.name]: ownIds[index], [table.inverseJoinColumn.name]: targetId }));
    });
    await strapi.db.getConnection(table.name).transacting(trx).insert(linkRows);
  }

  const entries = rows.map((row, index) => ({ id: ownIds[index], documentId: documentIds[index], ...row.data, createdAt: now, updatedAt: now, publishedAt: now, locale: null }));
  // What is stored stays stored if a listener fails: the failure is logged, as Strapi's own would be.
  await strapi.db.transaction(({ onCommit }) =>
    onCommit(() => announceCreated(uid, entries).catch((error: unknown) => strapi.log.error(`entry.create of new ${uid} rows: ${String(error)}`))),
  );
}

/** `entry.create` for each new row, as the Document Service sends it (events.js), once they are committed. */
async function announceCreated(uid: string, entries: Record<string, unknown>[]): Promise<void> {
  const model = strapi.getModel(uid as never) as { modelName: string; uid: string };
  for (const entry of entries) {
    const sanitised = await sanitize.sanitizers.defaultSanitizeOutput({ schema: model as never, getModel: (target: string) => strapi.getModel(target as never) as never }, entry as never);
    await strapi.eventHub.emit('entry.create', { model: model.modelName, uid: model.uid, entry: sanitised });
  }
}
