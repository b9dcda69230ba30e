/**
 * Reads every published entry of a content type from the CMS's REST API: pages through all
 * result pages (Strapi caps pageSize at 100) with a few requests in flight, and validates each
 * entry with the zod schema made from its definition. Any failure throws a `CmsLoadError` that
 * names the content type, the entry and the field, so a build never silently misses a page.
 */
import { contentTypes, contentVersionsSchema, entrySchema, type ContentTypeName, type ContentVersions, type Entry } from '@iro/content-types';

export class CmsLoadError extends Error {
  override name = 'CmsLoadError';
}

export interface FetchOptions {
  cmsUrl: string;
  /** Entries per request; Strapi refuses more than its maxLimit (100). */
  pageSize?: number;
  /** Requests in flight at once. */
  concurrency?: number;
  /** Draft preview: an API token allowed to read drafts; entries are then read as drafts. */
  previewToken?: string;
}

interface Page {
  data: unknown;
  meta?: { pagination?: { pageCount?: number } };
}

async function getJson(url: string, name: ContentTypeName, token?: string): Promise<Page> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) } });
  } catch (error) {
    const reason = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new CmsLoadError(`Content type "${name}": the CMS could not be reached at ${url} (${reason}). Is it running? Set CMS_URL to its address.`);
  }
  if (!response.ok) {
    throw new CmsLoadError(`Content type "${name}": ${url} answered ${response.status} ${response.statusText}.`);
  }
  try {
    return (await response.json()) as Page;
  } catch {
    throw new CmsLoadError(`Content type "${name}": ${url} did not return JSON.`);
  }
}

/** "entry abc123 ("london")": what a person needs to find the entry in the admin. */
function describeEntry(name: ContentTypeName, raw: unknown): string {
  const entry = (raw ?? {}) as Record<string, unknown>;
  const label = entry.slug ?? entry[contentTypes[name].titleField];
  return `entry ${String(entry.documentId ?? '(no documentId)')}${typeof label === 'string' ? ` ("${label}")` : ''}`;
}

export function validateEntry<N extends ContentTypeName>(name: N, raw: unknown): Entry<N> {
  const result = entrySchema(name).safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0]!;
  const field = issue.path.length > 0 ? issue.path.join('.') : '(entry)';
  throw new CmsLoadError(`Content type "${name}", ${describeEntry(name, raw)}, field "${field}": ${issue.message}`);
}

const restPath = (name: ContentTypeName) => {
  const definition = contentTypes[name];
  return `/api/${definition.kind === 'singleType' ? definition.singularName : definition.pluralName}`;
};

/** Every published entry of `name`, validated, in the CMS's order (by id). */
export async function fetchAllEntries<N extends ContentTypeName>(name: N, options: FetchOptions): Promise<Entry<N>[]> {
  const base = options.cmsUrl.replace(/\/$/, '') + restPath(name);
  const status = options.previewToken ? 'status=draft' : 'status=published';
  const get = (url: string) => getJson(url, name, options.previewToken);
  if (contentTypes[name].kind === 'singleType') {
    const page = await get(`${base}?${status}`);
    return [validateEntry(name, page.data)];
  }
  const pageSize = options.pageSize ?? 100;
  const pageUrl = (page: number) => `${base}?${status}&sort=id&pagination[page]=${page}&pagination[pageSize]=${pageSize}`;
  const first = await get(pageUrl(1));
  const pageCount = first.meta?.pagination?.pageCount ?? 1;
  const pages: unknown[][] = [first.data as unknown[]];

  // The remaining pages, a few at a time.
  let next = 2;
  const worker = async () => {
    while (next <= pageCount) {
      const page = next++;
      pages[page - 1] = (await get(pageUrl(page))).data as unknown[];
    }
  };
  await Promise.all(Array.from({ length: Math.min(options.concurrency ?? 4, Math.max(pageCount - 1, 0)) }, worker));

  return pages.flat().map((raw) => validateEntry(name, raw));
}

/**
 * The published entries of `name` with the given documentIds, validated, a page of ids per
 * request. An entry unpublished or deleted meanwhile is simply not in the result.
 */
export async function fetchEntriesById<N extends ContentTypeName>(name: N, documentIds: string[], options: FetchOptions): Promise<Entry<N>[]> {
  const base = options.cmsUrl.replace(/\/$/, '') + restPath(name);
  const pageSize = 50; // ids per request, keeping URLs short
  const entries: Entry<N>[] = [];
  for (let start = 0; start < documentIds.length; start += pageSize) {
    const ids = documentIds.slice(start, start + pageSize);
    const filter = ids.map((id, index) => `filters[documentId][$in][${index}]=${encodeURIComponent(id)}`).join('&');
    const page = await getJson(`${base}?status=published&${filter}&pagination[pageSize]=${pageSize}`, name);
    entries.push(...(page.data as unknown[]).map((raw) => validateEntry(name, raw)));
  }
  return entries;
}

/** What is published of `names`, for `name`'s loader (`GET /api/site-build/content-versions`). */
export async function fetchContentVersions(name: ContentTypeName, names: ContentTypeName[], options: FetchOptions): Promise<ContentVersions> {
  const url = `${options.cmsUrl.replace(/\/$/, '')}/api/site-build/content-versions?types=${names.join(',')}`;
  const parsed = contentVersionsSchema.safeParse((await getJson(url, name)) as unknown);
  if (!parsed.success) throw new CmsLoadError(`Content type "${name}": ${url} did not answer a list of versions (${parsed.error.issues[0]?.message}).`);
  return parsed.data;
}
