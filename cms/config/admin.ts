import { contentTypes, entryPath, type ContentTypeName } from '@iro/content-types';

/**
 * Draft preview: with PREVIEW_URL and PREVIEW_SECRET set (npm start sets them), the admin's
 * "Preview" opens the site's preview server on the draft, through its secret-checking entry.
 */
export default ({ env }: { env: any }) => {
  const previewUrl: string = env('PREVIEW_URL', '');
  const previewSecret: string = env('PREVIEW_SECRET', '');
  return {
    auth: { secret: env('ADMIN_JWT_SECRET') },
    apiToken: { salt: env('API_TOKEN_SALT') },
    transfer: { token: { salt: env('TRANSFER_TOKEN_SALT') } },
    secrets: { encryptionKey: env('ENCRYPTION_KEY') },
    flags: { nps: false, promoteEE: false },
    preview: {
      enabled: Boolean(previewUrl && previewSecret),
      config: {
        allowedOrigins: previewUrl ? [new URL(previewUrl).origin] : [],
        async handler(uid: string, { documentId, status }: { documentId: string; status?: string }) {
          const name = uid.replace(/^api::([^.]+)\..*$/, '$1') as ContentTypeName;
          if (!(name in contentTypes) || contentTypes[name].audience !== 'public') return undefined;
          const entry = await strapi.documents(uid as never).findOne({ documentId, status: status === 'published' ? 'published' : 'draft' });
          const path = entry ? entryPath(name, entry as { slug?: string }) : undefined;
          if (!path) return undefined;
          return `${previewUrl}/__preview?secret=${encodeURIComponent(previewSecret)}&path=${encodeURIComponent(path)}`;
        },
      },
    },
  };
};
