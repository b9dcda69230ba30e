import { createRequire } from 'node:module';
import path from 'node:path';
import type { Core } from '@strapi/strapi';
import { cmsDir } from './paths.js';

const tokenName = 'Site draft preview';

/** The reads the public may make; the preview token may make the same reads, of drafts too. */
const publicActions = (): string[] =>
  createRequire(import.meta.url)(path.join(cmsDir, 'dist', 'src', 'public-api', 'permissions.js')).publicActions();

interface TokenService {
  getByName(name: string, options?: { includeDecryptedKey?: boolean }): Promise<{ accessKey?: string } | null>;
  create(attributes: object): Promise<{ accessKey: string }>;
}

/**
 * The API token the draft-preview server reads drafts with: scoped to find/findOne on the public
 * content types (never a "read-only" token, which would read private types too). Created once;
 * its key is read back (Strapi keeps it encrypted) on later starts.
 */
export async function ensurePreviewToken(strapi: Core.Strapi): Promise<string> {
  const tokens = strapi.service('admin::api-token') as unknown as TokenService;
  const existing = await tokens.getByName(tokenName, { includeDecryptedKey: true });
  if (existing?.accessKey) return existing.accessKey;
  const created = await tokens.create({
    name: tokenName,
    description: 'Used by the draft preview server to read drafts of public content. Reads only.',
    type: 'custom',
    lifespan: null,
    permissions: publicActions(),
  });
  return created.accessKey;
}
