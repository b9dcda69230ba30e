/**
 * Content definitions → zod schemas of what may be written: the demo seed validates its records
 * with these before anything is stored, and the forms' input schemas are cut from them. The
 * constraints (required, lengths, ranges, enumerations) are the definition's, so a record the
 * schema accepts is one Strapi accepts too.
 *
 * Relations are given as references (strings) that the writer resolves: a slug in seed files,
 * a documentId in forms. Images and derived fields are not input.
 */
import { z } from 'zod';
import { components, type ComponentUid } from './components/index.js';
import type { Attributes, Field } from './model.js';
import { contentTypes, type ContentTypeName } from './types/index.js';

const timePattern = /^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,3})?)?$/;

/**
 * Text with a control character other than tab and line breaks: never typed, only pasted or
 * forged, and NUL cannot be stored at all by PostgreSQL (the write would fail). The message is
 * the zod issue's, so the forms can say which field and what to do.
 */
// eslint-disable-next-line no-control-regex
const controlCharacters = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/;
export const controlCharacterMessage = 'contains a control character';

function withLength<T extends z.ZodString | z.ZodEmail>(schema: T, field: { minLength?: number; maxLength?: number; required?: boolean }): T {
  let result = schema;
  if (field.required) result = result.min(Math.max(field.minLength ?? 1, 1), 'required') as T;
  else if (field.minLength !== undefined) result = result.min(field.minLength) as T;
  if (field.maxLength !== undefined) result = result.max(field.maxLength) as T;
  return result;
}

/** The zod schema of one field's value as written (relations as references, times normalised). */
export function valueSchema(field: Field): z.ZodType | undefined {
  switch (field.kind) {
    case 'string':
    case 'text':
    case 'markdown':
      return withLength(z.string().trim().refine((text) => !controlCharacters.test(text), controlCharacterMessage), field);
    case 'email':
      return withLength(z.email(), field);
    case 'uid':
      return z.string().regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'use lower-case letters, digits and hyphens').max(200);
    case 'boolean':
      return z.boolean();
    case 'integer': {
      let schema = z.number().int();
      if (field.min !== undefined) schema = schema.min(field.min);
      if (field.max !== undefined) schema = schema.max(field.max);
      return schema;
    }
    case 'date':
      return z.iso.date();
    case 'time':
      // Strapi stores HH:mm:ss.SSS; people write 09:30.
      return z
        .string()
        .regex(timePattern, 'expected a time like 09:30')
        .transform((time) => `${time.slice(0, 5)}:${time.slice(6, 8) || '00'}.${time.slice(9, 12).padEnd(3, '0')}`);
    case 'datetime':
      return z.iso.datetime({ offset: true });
    case 'enumeration':
      return z.enum(field.values as [string, ...string[]]);
    case 'relation':
      return field.relation === 'oneToMany' || field.relation === 'manyToMany'
        ? z.array(z.string().min(1))
        : z.string().min(1);
    case 'component': {
      const schema = componentInputSchema(field.component as ComponentUid);
      if (!field.repeatable) return schema;
      let list = z.array(schema);
      if (field.min !== undefined) list = list.min(field.min);
      if (field.max !== undefined) list = list.max(field.max);
      return list;
    }
    case 'media':
      return undefined;
  }
}

/** Which fields are written: everything but images, derived fields, and inverse relation sides. */
const isInput = (field: Field) => !field.derived && field.kind !== 'media' && !(field.kind === 'relation' && field.mappedBy);

function inputShape(attributes: Attributes): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, field] of Object.entries(attributes)) {
    if (!isInput(field)) continue;
    const schema = valueSchema(field);
    if (!schema) continue;
    // Fields with a default may be left out; Strapi fills them in.
    const hasDefault = 'default' in field && field.default !== undefined;
    shape[key] = field.required && !hasDefault ? schema : schema.optional();
  }
  return shape;
}

function componentInputSchema(uid: ComponentUid) {
  return z.strictObject(inputShape(components[uid].attributes));
}

/**
 * The zod schema of the data that creates an entry of `name`. Strict: a key the definition does
 * not have is an error, so a misspelt field is caught rather than silently dropped.
 */
export function inputSchema(name: ContentTypeName) {
  return z.strictObject(inputShape(contentTypes[name].attributes));
}
