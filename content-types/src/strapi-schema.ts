/**
 * Content definitions → Strapi schemas. The CMS's `schema.ts` and component files export these,
 * so Strapi stores exactly what `content-types/` defines.
 */
import type { Attributes, ComponentDefinition, ContentTypeDefinition, Field } from './model.js';
import { contentTypeUid } from './model.js';

export type StrapiAttribute = Record<string, unknown> & { type: string };

const snake = (kebab: string) => kebab.replace(/-/g, '_');

/** Strapi's attribute for one field; options left out when unset so the schema stays minimal. */
export function toStrapiAttribute(field: Field): StrapiAttribute {
  const common = {
    ...(field.required ? { required: true } : {}),
    ...(field.private ? { private: true } : {}),
    // Derived fields are kept by the CMS; editors never change them, and see them only when shown (read-only).
    ...(field.derived ? { configurable: false, ...(field.shownToEditors ? {} : { visible: false }) } : {}),
  };
  const defined = (options: Record<string, unknown>) =>
    Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined));

  switch (field.kind) {
    case 'string':
    case 'text':
    case 'email':
    case 'markdown':
      return {
        type: field.kind === 'markdown' ? 'richtext' : field.kind,
        ...common,
        ...defined({
          minLength: field.minLength,
          maxLength: field.maxLength,
          unique: field.unique,
          default: field.default,
        }),
      };
    case 'uid':
      return { type: 'uid', ...common, targetField: field.targetField };
    case 'boolean':
      return { type: 'boolean', ...common, default: field.default };
    case 'integer':
      return {
        type: 'integer',
        ...common,
        ...defined({ min: field.min, max: field.max, default: field.default, unique: field.unique }),
      };
    case 'date':
    case 'time':
    case 'datetime':
      return { type: field.kind, ...common };
    case 'enumeration':
      return { type: 'enumeration', ...common, enum: [...field.values], ...defined({ default: field.default }) };
    case 'media':
      return { type: 'media', ...common, multiple: field.multiple, allowedTypes: [...field.allowedTypes] };
    case 'relation':
      return {
        type: 'relation',
        ...common,
        relation: field.relation,
        target: contentTypeUid({ singularName: field.target }),
        ...defined({ inversedBy: field.inversedBy, mappedBy: field.mappedBy }),
      };
    case 'component':
      return {
        type: 'component',
        ...common,
        component: field.component,
        repeatable: field.repeatable,
        ...defined({ min: field.min, max: field.max }),
      };
  }
}

const toStrapiAttributes = (attributes: Attributes) =>
  Object.fromEntries(Object.entries(attributes).map(([name, field]) => [name, toStrapiAttribute(field)]));

/** Strapi's column name for an attribute (`postDocumentId` → `post_document_id`). */
const columnName = (attribute: string) => attribute.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();

/** The `schema` Strapi loads from `src/api/<name>/content-types/<name>/schema.ts`. */
export function toStrapiContentType(definition: ContentTypeDefinition) {
  const collectionName = snake(definition.pluralName);
  return {
    kind: definition.kind,
    collectionName,
    info: {
      singularName: definition.singularName,
      pluralName: definition.pluralName,
      displayName: definition.displayName,
      description: definition.description,
    },
    options: { draftAndPublish: definition.draftAndPublish },
    pluginOptions: definition.hiddenInAdmin ? { 'content-manager': { visible: false }, 'content-type-builder': { visible: false } } : {},
    attributes: toStrapiAttributes(definition.attributes),
    // Strapi's schema sync creates these (named here, so a later sync finds them again).
    ...(definition.indexes?.length
      ? {
          indexes: definition.indexes.map((index) => ({
            name: `${collectionName}_${index.name}`,
            columns: index.fields.map(columnName),
            ...(index.unique ? { type: 'unique' } : {}),
          })),
        }
      : {}),
  };
}

/** The component schema Strapi loads from `src/components/<category>/<name>.ts`. */
export function toStrapiComponent(definition: ComponentDefinition) {
  return {
    collectionName: `components_${snake(definition.category)}_${snake(definition.name)}s`,
    info: { displayName: definition.displayName, description: definition.description },
    options: {},
    attributes: toStrapiAttributes(definition.attributes),
  };
}
