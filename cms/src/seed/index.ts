/**
 * Loads the demo content (cms/demo-content) into a running Strapi: the seed pages' text as
 * structured entries. Idempotent: an entry whose key (slug, or name) exists already is left as
 * it is. All-or-nothing: every record is validated against its definition's input schema before
 * anything is written, and the writes run in one transaction, so a bad record leaves the
 * database as it was and the error names the file, the record and the field.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Core, UID } from '@strapi/strapi';
import {
  components,
  contentTypes,
  inputSchema,
  type Attributes,
  type ComponentUid,
  type ContentTypeName,
} from '@iro/content-types';
import { seedOrder } from './order';

export class SeedError extends Error {
  override name = 'SeedError';
}

export interface SeedReport {
  created: Partial<Record<ContentTypeName, number>>;
  skipped: Partial<Record<ContentTypeName, number>>;
}

type SeedRecord = Record<string, unknown>;

interface SeedFile {
  type: ContentTypeName;
  /** Path shown in errors, relative to the cms folder. */
  file: string;
  records: SeedRecord[];
}

const uidOf = (type: ContentTypeName) => `api::${type}.${type}` as UID.ContentType;

/** The field that identifies an entry across runs and in references: its slug, else its title field. */
export function keyFieldOf(type: ContentTypeName): string {
  const definition = contentTypes[type];
  const uidField = Object.entries(definition.attributes as Attributes).find(([, field]) => field.kind === 'uid');
  return uidField ? uidField[0] : definition.titleField;
}

const describeRecord = (file: SeedFile, index: number) => {
  const key = file.records[index]?.[keyFieldOf(file.type)];
  return `${file.file}, record ${index + 1}${typeof key === 'string' ? ` ("${key}")` : ''}`;
};

function readSeedFiles(dir: string): SeedFile[] {
  return seedOrder.map((type) => {
    const definition = contentTypes[type];
    const fileName = `${definition.kind === 'singleType' ? definition.singularName : definition.pluralName}.json`;
    const file = path.join(path.basename(dir), fileName);
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(path.join(dir, fileName), 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { type, file, records: [] };
      throw new SeedError(`${file}: not valid JSON (${(error as Error).message})`);
    }
    const records = definition.kind === 'singleType' ? [parsed] : parsed;
    if (!Array.isArray(records) || records.some((record) => typeof record !== 'object' || record === null)) {
      throw new SeedError(`${file}: expected ${definition.kind === 'singleType' ? 'an object' : 'an array of objects'}`);
    }
    return { type, file, records: records as SeedRecord[] };
  });
}

/** Checks every record against its type's input schema; returns the files with the parsed (normalised) records. */
function validate(files: SeedFile[]): SeedFile[] {
  return files.map((file) => {
    const schema = inputSchema(file.type);
    const keys = new Set<unknown>();
    const records = file.records.map((record, index) => {
      const result = schema.safeParse(record);
      if (!result.success) {
        const issue = result.error.issues[0]!;
        const field = issue.path.length > 0 ? issue.path.join('.') : '(record)';
        throw new SeedError(`${describeRecord(file, index)}, field "${field}": ${issue.message}`);
      }
      const key = record[keyFieldOf(file.type)];
      if (keys.has(key)) throw new SeedError(`${describeRecord(file, index)}: "${String(key)}" is used by an earlier record`);
      keys.add(key);
      return result.data as SeedRecord;
    });
    return { ...file, records };
  });
}

/** Seeds from `dir`, by default the CMS's own `demo-content/`. */
export async function seedDemoContent(strapi: Core.Strapi, dir?: string): Promise<SeedReport> {
  const files = validate(readSeedFiles(dir ?? path.join(strapi.dirs.app.root, 'demo-content')));
  const report: SeedReport = { created: {}, skipped: {} };

  const findDocumentId = async (type: ContentTypeName, key: unknown): Promise<string | undefined> => {
    const found = await strapi.db.query(uidOf(type)).findOne({ where: { [keyFieldOf(type)]: key }, select: ['documentId'] });
    return found?.documentId;
  };

  /** Replaces references (keys of related entries) with their documentIds, in components too. */
  const resolveReferences = async (attributes: Attributes, data: SeedRecord, where: () => string): Promise<SeedRecord> => {
    const resolved: SeedRecord = { ...data };
    for (const [name, field] of Object.entries(attributes)) {
      const value = data[name];
      if (value === undefined || value === null) continue;
      if (field.kind === 'relation') {
        const target = field.target as ContentTypeName;
        const lookup = async (key: string) => {
          const documentId = await findDocumentId(target, key);
          if (!documentId) throw new SeedError(`${where()}, field "${name}": no ${target} "${key}"`);
          return documentId;
        };
        resolved[name] = Array.isArray(value) ? await Promise.all(value.map(lookup)) : await lookup(value as string);
      } else if (field.kind === 'component') {
        const nested = components[field.component as ComponentUid].attributes as Attributes;
        resolved[name] = Array.isArray(value)
          ? await Promise.all(value.map((item) => resolveReferences(nested, item as SeedRecord, where)))
          : await resolveReferences(nested, value as SeedRecord, where);
      }
    }
    return resolved;
  };

  await strapi.db.transaction(async () => {
    for (const file of files) {
      const definition = contentTypes[file.type];
      const documents = strapi.documents(uidOf(file.type));
      for (const [index, record] of file.records.entries()) {
        const where = () => describeRecord(file, index);
        const exists =
          definition.kind === 'singleType'
            ? (await strapi.db.query(uidOf(file.type)).count()) > 0
            : (await findDocumentId(file.type, record[keyFieldOf(file.type)])) !== undefined;
        if (exists) {
          report.skipped[file.type] = (report.skipped[file.type] ?? 0) + 1;
          continue;
        }
        const data = await resolveReferences(definition.attributes as Attributes, record, where);
        try {
          await documents.create({ data: data as any, ...(definition.draftAndPublish ? { status: 'published' as const } : {}) });
        } catch (error) {
          throw asSeedError(error, where());
        }
        report.created[file.type] = (report.created[file.type] ?? 0) + 1;
      }
    }
  });
  return report;
}

/** Strapi's validation errors carry the failing field in `details.errors[].path`: name it. */
function asSeedError(error: unknown, where: string): Error {
  if (error instanceof SeedError) return error;
  const details = (error as { details?: { errors?: { path?: string[]; message?: string }[] } }).details;
  const first = details?.errors?.[0];
  if (first?.path) return new SeedError(`${where}, field "${first.path.join('.')}": ${first.message ?? (error as Error).message}`);
  return new SeedError(`${where}: ${(error as Error).message}`);
}
