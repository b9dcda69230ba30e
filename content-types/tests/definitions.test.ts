import { describe, expect, test } from 'vitest';
import { contentTypes, embeddedIn, entrySchema, inputSchema, populateOf, toStrapiContentType, type ContentTypeName } from '../src/index.js';

describe('definitions are consistent', () => {
  test.each(Object.keys(contentTypes) as ContentTypeName[])('%s: relations point at defined types, title field exists', (name) => {
    const definition = contentTypes[name];
    expect(definition.attributes).toHaveProperty(definition.titleField);
    for (const [field, attribute] of Object.entries(definition.attributes)) {
      if (attribute.kind === 'relation') expect(Object.keys(contentTypes), `${name}.${field}`).toContain(attribute.target);
      expect(attribute.doc.length, `${name}.${field} needs a doc`).toBeGreaterThan(3);
    }
  });

  test.each(Object.keys(contentTypes) as ContentTypeName[])("%s: a populated relation's fields are public plain fields of its target", (name) => {
    for (const [field, attribute] of Object.entries(contentTypes[name].attributes)) {
      if (attribute.kind !== 'relation' || !attribute.fields) continue;
      expect(attribute.populate, `${name}.${field} names fields but is not populated`).toBe(true);
      const target = contentTypes[attribute.target as ContentTypeName].attributes as Record<string, { kind: string; private?: boolean }>;
      for (const key of attribute.fields) {
        expect(target, `${name}.${field}: ${attribute.target} has no field ${key}`).toHaveProperty(key);
        expect(['media', 'component', 'relation'], `${name}.${field}: ${key} is not a plain field`).not.toContain(target[key]!.kind);
        expect(target[key]!.private, `${name}.${field}: ${key} is private`).not.toBe(true);
      }
    }
  });

  test('no public content type relates to a private one (so no populate can reach visitors\' data)', () => {
    for (const [name, definition] of Object.entries(contentTypes)) {
      if (definition.audience !== 'public') continue;
      for (const attribute of Object.values(definition.attributes)) {
        if (attribute.kind === 'relation') expect(contentTypes[attribute.target as ContentTypeName].audience, name).toBe('public');
      }
    }
  });
});

describe('Strapi schema', () => {
  test('markdown is stored as richtext, private and derived fields keep their flags', () => {
    const person = toStrapiContentType(contentTypes.person).attributes;
    expect(person.email).toMatchObject({ type: 'email', private: true });
    expect(person.publicEmail).toMatchObject({ type: 'email', visible: false, configurable: false });
    expect(toStrapiContentType(contentTypes.post).attributes.body).toMatchObject({ type: 'richtext', required: true });
  });
});

describe('database indexes and machinery types', () => {
  test('an index becomes a named Strapi index on the snake_case columns; a unique one says so', () => {
    expect(toStrapiContentType(contentTypes['outbox-message']).indexes).toEqual([
      { name: 'outbox_messages_post_subscriber', columns: ['post_document_id', 'subscriber_document_id'], type: 'unique' },
      { name: 'outbox_messages_due', columns: ['state', 'next_attempt_at'] },
    ]);
    expect(toStrapiContentType(contentTypes.post)).not.toHaveProperty('indexes');
  });

  test('index fields are attributes of the type, and index names fit database identifiers', () => {
    for (const [name, definition] of Object.entries(contentTypes)) {
      for (const index of (definition as { indexes?: { fields: string[] }[] }).indexes ?? []) {
        for (const field of index.fields) expect(definition.attributes, `${name} index field ${field}`).toHaveProperty(field);
      }
      for (const index of toStrapiContentType(definition).indexes ?? []) expect(index.name.length, index.name).toBeLessThanOrEqual(55);
    }
  });

  test('a type kept for the CMS itself is hidden from the admin\'s content manager', () => {
    expect(toStrapiContentType(contentTypes['outbox-message']).pluginOptions).toEqual({ 'content-manager': { visible: false }, 'content-type-builder': { visible: false } });
    expect(toStrapiContentType(contentTypes['post-notification']).pluginOptions).toEqual({});
  });
});

describe('server-side population', () => {
  test('a region brings its leads with their person; a post its cover, source, and of its author, topics and region only what its pages show', () => {
    expect(populateOf('region')).toEqual({ leads: { populate: { person: true } } });
    expect(populateOf('post')).toEqual({
      cover: true,
      author: { fields: ['name', 'jobTitle'] },
      topics: { fields: ['name', 'slug'] },
      source: true,
      region: { fields: ['name', 'slug'] },
    });
  });
  test('private fields and unpopulated relations are never populated', () => {
    expect(populateOf('comment')).toEqual({});
  });
  test('what each type carries from other types, so a change there refreshes it: a post its author, region, topics and media; a region its leads\' people', () => {
    expect(embeddedIn('post')).toEqual({ types: ['person', 'region', 'topic'], media: true });
    expect(embeddedIn('region')).toEqual({ types: ['person'], media: false });
    expect(embeddedIn('topic')).toEqual({ types: [], media: false });
  });
});

describe('entry schema (what the site accepts from the API)', () => {
  const person = { id: 1, documentId: 'abc', createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', publishedAt: '2026-01-01T00:00:00.000Z' };

  test('drops private fields even if the API sent them', () => {
    const parsed = entrySchema('person').parse({ ...person, name: 'A', jobTitle: null, localAuthority: null, showEmail: false, publicEmail: null, email: 'x@example.org' });
    expect(parsed).not.toHaveProperty('email');
  });

  test("keeps of a related entry only the fields its relation names, even if the API sent more", () => {
    const region = { id: 2, documentId: 'r1', name: 'London', slug: 'london', summary: 'A long welcome text.', regionalUpdate: '# Minutes' };
    const post = {
      ...person,
      title: 'T', slug: 't', date: '2026-01-01', excerpt: null, body: 'B', cover: null, author: null, topics: [], source: null,
      region, breaking: false, commentsOpen: true,
    };
    expect(entrySchema('post').parse(post).region).toEqual({ id: 2, documentId: 'r1', name: 'London', slug: 'london' });
  });

  test('names the field that is wrong', () => {
    const result = entrySchema('person').safeParse({ ...person, name: 42, jobTitle: null, localAuthority: null, showEmail: false, publicEmail: null });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['name']);
  });
});

describe('input schema (what may be written)', () => {
  test('refuses unknown fields, over-long text and values outside an enumeration', () => {
    const schema = inputSchema('comment');
    const good = { post: 'doc1', authorName: 'Sam', email: 'sam@example.org', body: 'Thanks' };
    expect(schema.safeParse(good).success).toBe(true);
    expect(schema.safeParse({ ...good, isAdmin: true }).success).toBe(false);
    expect(schema.safeParse({ ...good, body: 'x'.repeat(5001) }).success).toBe(false);
    expect(schema.safeParse({ ...good, status: 'published' }).success).toBe(false);
    expect(schema.safeParse({ ...good, email: 'not an address' }).success).toBe(false);
  });

  test('normalises times to what Strapi stores', () => {
    const course = inputSchema('training-course').parse({
      title: 'T',
      slug: 't',
      sessions: [{ date: '2022-09-09', startTime: '09:30', endTime: '13:00', format: 'online', capacity: 20, bookingOpen: true }],
    });
    expect(course.sessions?.[0]).toMatchObject({ startTime: '09:30:00.000', endTime: '13:00:00.000' });
  });
});
