/**
 * Addresses that identify a person are stored in lower case, so one person is one booker and one
 * subscriber however they typed their address: a training place per address (training-places.ts),
 * a subscriber per address (the follow form, and Strapi's `unique` check in the admin, which
 * compares exactly).
 *
 * Three layers, since each misses writes the next one sees:
 * - a Document Service middleware, so the admin's and the REST API's validation (`unique`) sees
 *   the lowered address;
 * - database lifecycles, for writes below the Document Service (the form's batched INSERTs, any
 *   code using `strapi.db.query`);
 * - at start, rows written around the query engine (raw SQL, `strapi transfer`, which switches
 *   lifecycles off, a database from before the rule) are lowered.
 */
import type { Core, Modules } from '@strapi/strapi';

/** The types whose `email` names the person a rule counts by. */
export const personAddressUids = ['api::training-booking.training-booking', 'api::subscriber.subscriber'] as const;

type Data = Record<string, unknown> | undefined;
const lowered = (data: Data): Data => (typeof data?.email === 'string' && data.email !== data.email.toLowerCase() ? { ...data, email: data.email.toLowerCase() } : data);
const isPersonAddressType = (uid: string) => (personAddressUids as readonly string[]).includes(uid);

/** Lowers the address of a create, edit or Duplicate, in a copy of the caller's data. */
export function lowerCaseAddresses(): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    const params = context.params as { data?: Data };
    if (isPersonAddressType(context.uid) && ['create', 'clone', 'update'].includes(context.action as string) && params.data) params.data = lowered(params.data);
    return next();
  };
}

/** Lowers the address of every query-engine write to these types. */
export function keepAddressesLowerCase(strapi: Core.Strapi): void {
  const lower = ({ params }: { params: { data?: Data | Data[] } }) => {
    params.data = Array.isArray(params.data) ? params.data.map(lowered) : lowered(params.data);
  };
  strapi.db.lifecycles.subscribe({ models: [...personAddressUids], beforeCreate: lower, beforeCreateMany: lower, beforeUpdate: lower, beforeUpdateMany: lower } as never);
}

/** Lowers addresses stored in capitals by anything that went around the two above (a no-op when none are). */
export async function lowerCaseStoredAddresses(strapi: Core.Strapi): Promise<void> {
  for (const uid of personAddressUids) {
    const { tableName, attributes } = strapi.db.metadata.get(uid as never) as unknown as { tableName: string; attributes: { email: { columnName?: string } } };
    const column = attributes.email.columnName ?? 'email';
    const knex = strapi.db.connection;
    await knex(tableName).update({ [column]: knex.raw('LOWER(??)', [column]) }).whereRaw('?? <> LOWER(??)', [column, column]);
  }
}
