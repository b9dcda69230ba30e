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
 * - Its `entry.create` event (webhooks: the site builder's, any an editor adds) is sent once the
 *   group commits, as the Document Service sends it: each row as stored, its links populated one
 *   level (one read for the group), sanitised the same way (private fields removed).
 * Only rows of types without draft and publish or locales, whose data is scalar fields and whose
 * links to other documents are join tables without order columns (a many-to-one such as a
 * comment's post), can be stored this way: `canBatchInsert`.
 */
import { contentTypes, sanitize } from '@strapi/utils';
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

interface ContentType {
  pluginOptions?: { i18n?: { localized?: boolean } };
}
// `strapi.contentType(uid)`, not `strapi.contentTypes[uid]`, which builds the map of every type
// on each read (2% of a booking's CPU under load).
const contentTypeOf = (uid: string) => strapi.contentType(uid as never) as ContentType | undefined;
const localized = (contentType: ContentType | undefined) => Boolean(contentType?.pluginOptions?.i18n?.localized);
/** One version per document: no drafts beside it, no other locales. */
const oneVersion = (contentType: ContentType | undefined) => Boolean(contentType) && !contentTypes.hasDraftAndPublish(contentType as never) && !localized(contentType);
/** Types whose values sit in the row itself; anything else (relations, media, components) `createMany` would drop. */
const scalarTypes = new Set(['string', 'text', 'richtext', 'email', 'enumeration', 'boolean', 'integer', 'biginteger', 'float', 'decimal', 'date', 'time', 'datetime', 'timestamp', 'json', 'uid', 'blocks']);

/** Answers by type and fields: they depend on the schema alone, which is fixed while Strapi runs, and every submission asks. */
const batchable = new Map<string, boolean>();

/** Whether `row` can be stored here (see above), else through the Document Service. */
export function canBatchInsert(row: NewRow): boolean {
  const shape = JSON.stringify([row.uid, Object.keys(row.data).sort(), Object.keys(row.links).sort()]);
  let answer = batchable.get(shape);
  if (answer === undefined) batchable.set(shape, (answer = schemaAllows(row)));
  return answer;
}

function schemaAllows(row: NewRow): boolean {
  if (!oneVersion(contentTypeOf(row.uid))) return false;
  if (!Object.keys(row.data).every((name) => scalarTypes.has(attributeOf(row.uid, name)?.type ?? ''))) return false;
  return Object.keys(row.links).every((name) => {
    const attribute = attributeOf(row.uid, name);
    const table = attribute?.joinTable;
    if (attribute?.type !== 'relation' || !attribute.target || !table || table.orderColumnName || table.inverseOrderColumnName) return false;
    // A target with locales has a row per locale of a document: which one to link is the Document Service's to choose.
    return !localized(contentTypeOf(attribute.target));
  });
}

const idsByDocumentId = async (uid: string, documentIds: string[]): Promise<Map<string, number[]>> => {
  const rows = (await strapi.db.query(uid as never).findMany({ select: ['id', 'documentId'], where: { documentId: { $in: documentIds } } })) as { id: number; documentId: string }[];
  const ids = new Map<string, number[]>();
  for (const row of rows) ids.set(row.documentId, [...(ids.get(row.documentId) ?? []), row.id]);
  return ids;
};

/**
 * Stores `rows` (all of one type, each `canBatchInsert`), in the caller's transaction if there is
 * one, and gives their new documentIds, in order. A link to a document that does not exist throws,
 * as the Document Service would refuse it: the transaction is then rolled back and nothing of the
 * group is stored.
 */
export async function batchInsert(rows: readonly NewRow[]): Promise<string[]> {
  if (rows.length === 0) return [];
  return strapi.db.transaction(async ({ trx, onCommit }) => {
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

    const linkNames = [...new Set(rows.flatMap((row) => Object.keys(row.links)))];
    for (const name of linkNames) {
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

    // What is stored stays stored if a listener fails: the failure is logged, as Strapi's own would be.
    onCommit(() => void announceCreated(uid, ownIds, linkNames).catch((error: unknown) => strapi.log.error(`entry.create of new ${uid} rows: ${String(error)}`)));
    return documentIds;
  });
}

/** `entry.create` for each new row, as the Document Service sends it (its events.js), once they are committed. */
async function announceCreated(uid: string, ids: number[], linkNames: string[]): Promise<void> {
  const model = strapi.getModel(uid as never) as { modelName: string; uid: string };
  const entries = (await strapi.db.query(uid as never).findMany({ where: { id: { $in: ids } }, populate: Object.fromEntries(linkNames.map((name) => [name, true])) })) as Record<string, unknown>[];
  for (const entry of entries) {
    const sanitised = await sanitize.sanitizers.defaultSanitizeOutput({ schema: model as never, getModel: (target: string) => strapi.getModel(target as never) as never }, entry as never);
    await strapi.eventHub.emit('entry.create', { model: model.modelName, uid: model.uid, entry: sanitised });
  }
}
