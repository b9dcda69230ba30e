import type { Core } from '@strapi/strapi';
import { contentTypes, type ContentTypeDefinition } from '@iro/content-types';

/** The content manager's stored view of one content type (the parts set here). */
interface ViewConfiguration {
  settings: Record<string, unknown>;
  metadatas: Record<string, { edit: Record<string, unknown>; list: Record<string, unknown> }>;
  layouts: { list: string[]; edit: unknown };
}

/** The columns of an admin list: what the entry is, where it stands (its enumerations), and when it came in. */
export function listColumns(definition: ContentTypeDefinition): string[] {
  if (definition.adminListColumns) return [...definition.adminListColumns];
  const standing = Object.entries(definition.attributes)
    .filter(([, field]) => field.kind === 'enumeration')
    .map(([name]) => name)
    .slice(0, 2);
  return [definition.titleField, ...standing, 'createdAt'];
}

/**
 * How the admin shows our content types, kept in line with their definitions at every boot:
 * each field's documentation is its hint in the edit view, fields the CMS writes itself are
 * read-only there, every list is named by the title
 * field, and visitors' submissions (the private types) are listed newest first with where each
 * stands (status, kind) beside it, so editors see at a glance what waits for them.
 */
export async function applyEditorViews(strapi: Core.Strapi): Promise<void> {
  const service = strapi.plugin('content-manager').service('content-types') as {
    findConfiguration(contentType: { uid: string }): Promise<ViewConfiguration>;
    updateConfiguration(contentType: { uid: string }, configuration: ViewConfiguration): Promise<unknown>;
  };
  for (const definition of Object.values(contentTypes) as ContentTypeDefinition[]) {
    const uid = `api::${definition.singularName}.${definition.singularName}`;
    const { settings, metadatas, layouts } = await service.findConfiguration({ uid });
    const stored = JSON.stringify({ settings, metadatas, layouts });
    for (const [name, field] of Object.entries(definition.attributes)) {
      // The hint is the field's doc; what the CMS writes itself is shown but not editable.
      if (metadatas[name]) metadatas[name].edit = { ...metadatas[name].edit, description: field.doc, ...(field.derived ? { editable: false } : {}) };
    }
    const submissions = definition.audience === 'private' && definition.kind === 'collectionType';
    const wanted: ViewConfiguration = {
      settings: { ...settings, mainField: definition.titleField, ...(submissions ? { defaultSortBy: 'createdAt', defaultSortOrder: 'DESC' } : {}) },
      metadatas,
      layouts: { ...layouts, ...(submissions ? { list: listColumns(definition) } : {}) },
    };
    // Written only when it differs: after the first boot, a boot only reads.
    if (JSON.stringify(wanted) !== stored) await service.updateConfiguration({ uid }, wanted);
  }
}
