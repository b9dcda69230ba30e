/**
 * The vocabulary every content definition is written in: field builders, and the shapes of a
 * content type and a component. A definition says what editors store and what visitors may see;
 * `strapi-schema.ts` turns it into Strapi's schema and `entry-schema.ts` into the zod schema the
 * site validates API responses with. Nothing else describes the content model.
 */

interface FieldBase {
  /** What the field holds and why: the field's documentation. */
  readonly doc: string;
  readonly required?: boolean;
  /** Never returned by the REST API (Strapi's `private`): e-mail addresses, moderation notes. */
  readonly private?: boolean;
  /**
   * Set by the CMS itself (a Document Service middleware), never typed by an editor:
   * hidden from the admin's edit view and ignored in API input.
   */
  readonly derived?: boolean;
  /** For a derived field: editors see it in the admin's edit view, read-only (e.g. what the CMS did with a request). */
  readonly shownToEditors?: boolean;
}

export interface TextField extends FieldBase {
  /** string: one line; text: plain paragraphs; markdown: rendered with marked; email: checked. */
  readonly kind: 'string' | 'text' | 'markdown' | 'email';
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly unique?: boolean;
  readonly default?: string;
}

export interface UidField extends FieldBase {
  readonly kind: 'uid';
  /** The field the admin proposes the slug from. */
  readonly targetField: string;
}

export interface BooleanField extends FieldBase {
  readonly kind: 'boolean';
  readonly default: boolean;
}

export interface IntegerField extends FieldBase {
  readonly kind: 'integer';
  readonly unique?: boolean;
  readonly min?: number;
  readonly max?: number;
  readonly default?: number;
}

export interface TemporalField extends FieldBase {
  /** date: YYYY-MM-DD; time: HH:mm:ss.SSS (UK local); datetime: an instant, ISO 8601 in UTC. */
  readonly kind: 'date' | 'time' | 'datetime';
}

export interface EnumerationField<V extends string = string> extends FieldBase {
  readonly kind: 'enumeration';
  readonly values: readonly V[];
  readonly default?: V;
}

export interface MediaField extends FieldBase {
  readonly kind: 'media';
  readonly multiple: boolean;
  readonly allowedTypes: readonly ('images' | 'files' | 'videos' | 'audios')[];
}

export type RelationKind = 'oneToOne' | 'manyToOne' | 'oneToMany' | 'manyToMany';

export interface RelationField<T extends string = string> extends FieldBase {
  readonly kind: 'relation';
  readonly relation: RelationKind;
  /** The singular name of the related content type, e.g. `region`. */
  readonly target: T;
  readonly inversedBy?: string;
  readonly mappedBy?: string;
  /** Whether the public API returns the related entries with this one (population decided on the server). */
  readonly populate: boolean;
  /**
   * With `populate`: the related entry's plain fields returned with this one (besides its id and
   * documentId); all of them when not given. Naming only what pages show keeps each entry small
   * (thousands of posts each carried their region's texts) and leaves this entry's pages as they
   * are when the related entry changes in a field they do not show.
   */
  readonly fields?: readonly string[];
}

export interface ComponentField<C extends string = string> extends FieldBase {
  readonly kind: 'component';
  /** `category.name` of a component definition. */
  readonly component: C;
  readonly repeatable: boolean;
  readonly min?: number;
  readonly max?: number;
}

export type Field =
  | TextField
  | UidField
  | BooleanField
  | IntegerField
  | TemporalField
  | EnumerationField
  | MediaField
  | RelationField
  | ComponentField;

export type Attributes = Readonly<Record<string, Field>>;

type Options<F extends Field> = Omit<F, 'kind' | 'doc'>;

/** Field builders: `field.string('Headline', { required: true, maxLength: 200 })`. */
export const field = {
  string: <const O extends Options<TextField>>(doc: string, options?: O) =>
    ({ kind: 'string', doc, ...options }) as { kind: 'string'; doc: string } & O,
  text: <const O extends Options<TextField>>(doc: string, options?: O) =>
    ({ kind: 'text', doc, ...options }) as { kind: 'text'; doc: string } & O,
  markdown: <const O extends Options<TextField>>(doc: string, options?: O) =>
    ({ kind: 'markdown', doc, ...options }) as { kind: 'markdown'; doc: string } & O,
  email: <const O extends Options<TextField>>(doc: string, options?: O) =>
    ({ kind: 'email', doc, maxLength: 254, ...options }) as { kind: 'email'; doc: string } & O,
  uid: <const O extends Options<UidField>>(doc: string, options: O) =>
    ({ kind: 'uid', doc, ...options }) as { kind: 'uid'; doc: string } & O,
  boolean: <const O extends Options<BooleanField>>(doc: string, options: O) =>
    ({ kind: 'boolean', doc, required: true, ...options }) as { kind: 'boolean'; doc: string; required: true } & O,
  integer: <const O extends Options<IntegerField>>(doc: string, options?: O) =>
    ({ kind: 'integer', doc, ...options }) as { kind: 'integer'; doc: string } & O,
  date: <const O extends Options<TemporalField>>(doc: string, options?: O) =>
    ({ kind: 'date', doc, ...options }) as { kind: 'date'; doc: string } & O,
  time: <const O extends Options<TemporalField>>(doc: string, options?: O) =>
    ({ kind: 'time', doc, ...options }) as { kind: 'time'; doc: string } & O,
  datetime: <const O extends Options<TemporalField>>(doc: string, options?: O) =>
    ({ kind: 'datetime', doc, ...options }) as { kind: 'datetime'; doc: string } & O,
  enumeration: <const V extends string, const O extends Omit<Options<EnumerationField<V>>, 'values'>>(
    doc: string,
    values: readonly V[],
    options?: O,
  ) => ({ kind: 'enumeration', doc, values, ...options }) as { kind: 'enumeration'; doc: string; values: readonly V[] } & O,
  image: <const O extends Omit<Options<MediaField>, 'multiple' | 'allowedTypes'>>(doc: string, options?: O) =>
    ({ kind: 'media', doc, multiple: false, allowedTypes: ['images'], ...options }) as {
      kind: 'media';
      doc: string;
      multiple: false;
      allowedTypes: readonly ['images'];
    } & O,
  files: <const O extends Omit<Options<MediaField>, 'multiple' | 'allowedTypes'>>(doc: string, options?: O) =>
    ({ kind: 'media', doc, multiple: true, allowedTypes: ['files', 'images'], ...options }) as {
      kind: 'media';
      doc: string;
      multiple: true;
      allowedTypes: readonly ['files', 'images'];
    } & O,
  relation: <const T extends string, const O extends Omit<Options<RelationField<T>>, 'target' | 'populate'> & { populate?: boolean }>(
    doc: string,
    target: T,
    options: O,
  ) =>
    ({ kind: 'relation', doc, target, populate: false, ...options }) as unknown as {
      kind: 'relation';
      doc: string;
      target: T;
      populate: O['populate'] extends true ? true : false;
    } & Omit<O, 'populate'>,
  component: <const C extends string, const O extends Omit<Options<ComponentField<C>>, 'component' | 'repeatable'>>(
    doc: string,
    component: C,
    options?: O,
  ) =>
    ({ kind: 'component', doc, component, repeatable: false, ...options }) as {
      kind: 'component';
      doc: string;
      component: C;
      repeatable: false;
    } & O,
  components: <const C extends string, const O extends Omit<Options<ComponentField<C>>, 'component' | 'repeatable'>>(
    doc: string,
    component: C,
    options?: O,
  ) =>
    ({ kind: 'component', doc, component, repeatable: true, ...options }) as {
      kind: 'component';
      doc: string;
      component: C;
      repeatable: true;
    } & O,
} as const;

/**
 * Who may read a content type through the public REST API.
 * - `public`: anyone may list and read published entries (the site builds from these).
 * - `private`: visitors' submissions and subscribers; no public permission at all.
 */
export type Audience = 'public' | 'private';

export interface ContentTypeDefinition<A extends Attributes = Attributes> {
  /** Strapi's kind: many entries, or exactly one (site settings). */
  readonly kind: 'collectionType' | 'singleType';
  /** kebab-case, e.g. `training-course`; the API id is `api::<singularName>.<singularName>`. */
  readonly singularName: string;
  /** kebab-case, the REST path: `/api/<pluralName>`. */
  readonly pluralName: string;
  readonly displayName: string;
  readonly description: string;
  readonly audience: Audience;
  /** Editors save drafts and publish them; the public API only ever sees published versions. */
  readonly draftAndPublish: boolean;
  /** Machinery the CMS keeps for itself (the mail outbox): left out of the admin's content manager. */
  readonly hiddenInAdmin?: boolean;
  /** The field that names an entry in error messages and admin lists (checked by `defineContentType`). */
  readonly titleField: string;
  /**
   * The columns of the admin's list of a private type, when the default (the title field, where
   * the entry stands, when it came in) is not what editors need.
   */
  readonly adminListColumns?: readonly (keyof A & string)[];
  readonly attributes: A;
  /**
   * Database indexes beyond Strapi's own. A unique one is enforced by the database itself, so no
   * code path (a second publish, an event fired twice, two CMS instances) can store a second row
   * with the same values; the others speed up the CMS's own lookups. Fields by attribute name.
   */
  readonly indexes?: readonly ContentTypeIndex<keyof A & string>[];
}

export interface ContentTypeIndex<F extends string = string> {
  /** Short snake_case name; the database index is `<collection>_<name>` (identifiers stay under 55 characters). */
  readonly name: string;
  readonly fields: readonly F[];
  readonly unique?: boolean;
}

export interface ComponentDefinition<A extends Attributes = Attributes> {
  /** e.g. `shared` in `shared.source`. */
  readonly category: string;
  /** kebab-case, e.g. `source` in `shared.source`. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  readonly attributes: A;
}

export const defineContentType = <const A extends Attributes, const T extends keyof A & string>(
  definition: ContentTypeDefinition<A> & { readonly titleField: T },
) => definition;
export const defineComponent = <const A extends Attributes>(definition: ComponentDefinition<A>) => definition;

/** `api::post.post` for a content type definition. */
export const contentTypeUid = (definition: Pick<ContentTypeDefinition, 'singularName'>) =>
  `api::${definition.singularName}.${definition.singularName}` as const;

/** `shared.source` for a component definition. */
export const componentUid = (definition: Pick<ComponentDefinition, 'category' | 'name'>) =>
  `${definition.category}.${definition.name}` as const;
