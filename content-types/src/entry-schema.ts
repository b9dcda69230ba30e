/**
 * Content definitions → zod schemas of what the public REST API returns (Strapi 5's flat
 * format), with the TypeScript types they check. The site validates every entry it loads with
 * these, so a CMS that drifts from the definitions fails the build instead of a page.
 *
 * What an entry carries follows `populate.ts`: images, components and relations marked
 * `populate` (shallow: the related entry's own plain fields, or the relation's `fields`). Private fields never appear.
 */
import { z } from 'zod';
import { components, type ComponentUid } from './components/index.js';
import type { Attributes, Field } from './model.js';
import { contentTypes, type ContentTypeName } from './types/index.js';

/** An uploaded image or file as the API returns it. */
export const mediaSchema = z.object({
  id: z.number().int(),
  documentId: z.string(),
  name: z.string(),
  alternativeText: z.string().nullable(),
  caption: z.string().nullable().optional(),
  width: z.number().int().nullable(),
  height: z.number().int().nullable(),
  mime: z.string(),
  url: z.string(),
});
export type Media = z.infer<typeof mediaSchema>;

// ---- Types ----------------------------------------------------------------------------------

type Defs = typeof contentTypes;
type Components = typeof components;

type PlainValue<F> = F extends { kind: 'string' | 'text' | 'markdown' | 'email' | 'uid' | 'date' | 'time' | 'datetime' }
  ? string
  : F extends { kind: 'boolean' }
    ? boolean
    : F extends { kind: 'integer' }
      ? number
      : F extends { kind: 'enumeration'; values: readonly (infer V)[] }
        ? V
        : never;
type Plain<F> = F extends { required: true } | { kind: 'boolean' } ? PlainValue<F> : PlainValue<F> | null;
type IsPlain<F> = F extends { kind: 'media' | 'component' | 'relation' } ? false : true;
type IsToMany<F> = F extends { relation: 'oneToMany' | 'manyToMany' } ? true : false;

/** Keys the API returns: not private, and relations only when populated. */
type ReturnedKeys<A> = {
  [K in keyof A]: A[K] extends { private: true } ? never : A[K] extends { kind: 'relation'; populate: false } ? never : K;
}[keyof A];
type PlainKeys<A> = { [K in keyof A]: A[K] extends { private: true } ? never : IsPlain<A[K]> extends true ? K : never }[keyof A];

interface Identity {
  id: number;
  documentId: string;
}

/** A related entry as populated: its identity and plain fields (those the relation names, when it does). */
export type Related<T extends ContentTypeName, K extends PlainKeys<Defs[T]['attributes']> = PlainKeys<Defs[T]['attributes']>> = Identity & {
  [P in K]: Plain<Defs[T]['attributes'][P]>;
};
/** The related entry's keys a relation field returns. */
type RelatedKeys<F, T extends ContentTypeName> = F extends { fields: readonly (infer K)[] } ? Extract<K, PlainKeys<Defs[T]['attributes']>> : PlainKeys<Defs[T]['attributes']>;

type FieldValue<F> = F extends { kind: 'media'; multiple: true }
  ? Media[]
  : F extends { kind: 'media' }
    ? Media | null
    : F extends { kind: 'component'; component: infer C extends ComponentUid; repeatable: true }
      ? ComponentEntry<C>[]
      : F extends { kind: 'component'; component: infer C extends ComponentUid }
        ? ComponentEntry<C> | null
        : F extends { kind: 'relation'; target: infer T extends ContentTypeName }
          ? IsToMany<F> extends true
            ? Related<T, RelatedKeys<F, T>>[]
            : Related<T, RelatedKeys<F, T>> | null
          : Plain<F>;

type Fields<A> = { [K in ReturnedKeys<A>]: FieldValue<A[K]> };

export type ComponentEntry<C extends ComponentUid> = { id: number } & Fields<Components[C]['attributes']>;

/** One entry of a content type as the public API returns it. */
export type Entry<N extends ContentTypeName> = Identity & {
  createdAt: string;
  updatedAt: string;
  publishedAt: string | null;
} & Fields<Defs[N]['attributes']>;

// ---- Schemas --------------------------------------------------------------------------------

const timePattern = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/;

function plainSchema(field: Field): z.ZodType {
  switch (field.kind) {
    case 'string':
    case 'text':
    case 'markdown':
    case 'uid':
      return z.string();
    case 'email':
      return z.email();
    case 'boolean':
      return z.boolean();
    case 'integer':
      return z.number().int();
    case 'date':
      return z.iso.date();
    case 'time':
      return z.string().regex(timePattern, 'expected a time like 09:30:00.000');
    case 'datetime':
      return z.iso.datetime({ offset: true });
    case 'enumeration':
      return z.enum(field.values as [string, ...string[]]);
    default:
      throw new Error(`${field.kind} is not a plain field`);
  }
}

const isPlain = (field: Field) => field.kind !== 'media' && field.kind !== 'component' && field.kind !== 'relation';
const optionalUnlessRequired = (field: Field, schema: z.ZodType) =>
  field.required || field.kind === 'boolean' ? schema : schema.nullable();

const identity = { id: z.number().int(), documentId: z.string() };

const relatedSchemas = new Map<string, z.ZodType>();
/** A related entry of `name` as populated: its identity and plain fields (only `fields`, when given). */
function relatedSchema(name: ContentTypeName, fields?: readonly string[]): z.ZodType {
  const cacheKey = `${name}:${fields?.join(',') ?? '*'}`;
  let schema = relatedSchemas.get(cacheKey);
  if (!schema) {
    const shape: Record<string, z.ZodType> = { ...identity };
    for (const [key, field] of Object.entries(contentTypes[name].attributes as Attributes)) {
      if (!field.private && isPlain(field) && (!fields || fields.includes(key))) shape[key] = optionalUnlessRequired(field, plainSchema(field));
    }
    schema = z.object(shape);
    relatedSchemas.set(cacheKey, schema);
  }
  return schema;
}

function fieldSchema(field: Field): z.ZodType {
  switch (field.kind) {
    case 'media':
      return field.multiple ? z.array(mediaSchema) : mediaSchema.nullable();
    case 'component': {
      const schema = componentSchema(field.component as ComponentUid);
      return field.repeatable ? z.array(schema) : schema.nullable();
    }
    case 'relation': {
      const schema = relatedSchema(field.target as ContentTypeName, field.fields);
      return field.relation === 'oneToMany' || field.relation === 'manyToMany' ? z.array(schema) : schema.nullable();
    }
    default:
      return optionalUnlessRequired(field, plainSchema(field));
  }
}

function fieldsShape(attributes: Attributes): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(attributes)) {
    if (field.private || (field.kind === 'relation' && !field.populate)) continue;
    shape[key] = fieldSchema(field);
  }
  return shape;
}

const componentSchemas = new Map<ComponentUid, z.ZodType>();
function componentSchema(uid: ComponentUid): z.ZodType {
  let schema = componentSchemas.get(uid);
  if (!schema) {
    schema = z.object({ id: z.number().int(), ...fieldsShape(components[uid].attributes) });
    componentSchemas.set(uid, schema);
  }
  return schema;
}

/**
 * The zod schema of one entry of `name` as the public REST API returns it. Unknown keys are
 * dropped, so what the site keeps is exactly what the definition declares.
 */
export function entrySchema<N extends ContentTypeName>(name: N): z.ZodType<Entry<N>> {
  return z.object({
    ...identity,
    createdAt: z.iso.datetime({ offset: true }),
    updatedAt: z.iso.datetime({ offset: true }),
    publishedAt: z.iso.datetime({ offset: true }).nullable(),
    ...fieldsShape(contentTypes[name].attributes),
  }) as unknown as z.ZodType<Entry<N>>;
}
