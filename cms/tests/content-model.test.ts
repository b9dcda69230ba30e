import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import {
  components,
  contentTypes,
  toStrapiComponent,
  toStrapiContentType,
  type ContentTypeName,
} from '@iro/content-types';
import { startCms, type RunningCms } from './support/cms';

/** Attributes Strapi adds to every content type itself; everything else must come from a definition. */
const strapiOwned = new Set(['documentId', 'createdAt', 'updatedAt', 'publishedAt', 'createdBy', 'updatedBy', 'locale', 'localizations']);

let cms: RunningCms;
beforeAll(async () => {
  cms = await startCms();
});
afterAll(() => cms?.stop());

describe('the running Strapi stores exactly the content model defined in content-types/', () => {
  test.each(Object.keys(contentTypes) as ContentTypeName[])('content type %s', (name) => {
    const expected = toStrapiContentType(contentTypes[name]);
    const actual = cms.strapi.contentType(`api::${name}.${name}` as any);
    expect(actual, `api::${name}.${name} is not loaded`).toBeDefined();
    expect(actual.kind).toBe(expected.kind);
    expect(actual.info).toMatchObject(expected.info);
    expect(actual.options?.draftAndPublish ?? false).toBe(expected.options.draftAndPublish);
    const userAttributes = Object.fromEntries(Object.entries(actual.attributes).filter(([key]) => !strapiOwned.has(key)));
    expect(Object.keys(userAttributes).sort()).toEqual(Object.keys(expected.attributes).sort());
    for (const [key, attribute] of Object.entries(expected.attributes)) {
      expect(userAttributes[key], `${name}.${key}`).toMatchObject(attribute);
    }
  });

  test.each(Object.keys(components))('component %s', (uid) => {
    const expected = toStrapiComponent(components[uid as keyof typeof components]);
    const actual = cms.strapi.components[uid as keyof typeof cms.strapi.components] as any;
    expect(actual, `${uid} is not loaded`).toBeDefined();
    const userAttributes = Object.fromEntries(Object.entries(actual.attributes).filter(([key]) => key !== 'id'));
    expect(Object.keys(userAttributes).sort()).toEqual(Object.keys(expected.attributes).sort());
    for (const [key, attribute] of Object.entries(expected.attributes)) {
      expect(userAttributes[key], `${uid}.${key}`).toMatchObject(attribute);
    }
  });

  test('no content type or component exists that the definitions do not name', () => {
    const ours = Object.keys(cms.strapi.contentTypes).filter((uid) => uid.startsWith('api::'));
    expect(ours.sort()).toEqual(Object.keys(contentTypes).map((name) => `api::${name}.${name}`).sort());
    expect(Object.keys(cms.strapi.components).sort()).toEqual(Object.keys(components).sort());
  });
});

describe('the admin shows editors the model as defined', () => {
  const configuration = (name: ContentTypeName) =>
    (cms.strapi.plugin('content-manager').service('content-types') as any).findConfiguration({ uid: `api::${name}.${name}` });

  test('every field\'s documentation is its hint in the edit view', async () => {
    for (const name of Object.keys(contentTypes) as ContentTypeName[]) {
      const { metadatas } = await configuration(name);
      for (const [key, field] of Object.entries(contentTypes[name].attributes)) {
        if (metadatas[key]) expect(metadatas[key].edit.description, `${name}.${key}`).toBe(field.doc);
      }
    }
  });

  test('visitors\' submissions are listed newest first, with where each stands beside it', async () => {
    const comments = await configuration('comment');
    expect(comments.layouts.list).toEqual(['authorName', 'status', 'createdAt']);
    expect(comments.settings).toMatchObject({ mainField: 'authorName', defaultSortBy: 'createdAt', defaultSortOrder: 'DESC' });
    expect((await configuration('training-booking')).layouts.list).toEqual(['name', 'kind', 'status', 'createdAt']);
    expect((await configuration('subscriber')).layouts.list).toEqual(['email', 'status', 'createdAt']);
    // Each new post's e-mail: how it is going, at a glance.
    expect((await configuration('post-notification')).layouts.list).toEqual(['title', 'recipients', 'sent', 'pending', 'failed', 'queuedAt']);
    expect((await configuration('post-notification')).metadatas.sent.edit).toMatchObject({ editable: false });
  });

  test('what the CMS writes itself is shown read-only where editors need it, and hidden where they do not', async () => {
    const request = await configuration('personal-data-request');
    expect(request.metadatas.outcome.edit).toMatchObject({ visible: true, editable: false });
    expect(request.layouts.edit.flat().map((field: { name: string }) => field.name)).toContain('outcome');
    const person = await configuration('person');
    expect(person.layouts.edit.flat().map((field: { name: string }) => field.name)).not.toContain('publicEmail');
  });
});
