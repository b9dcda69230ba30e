/**
 * Draft preview. When the site runs as `astro dev` with PREVIEW_SECRET set (npm start runs it so
 * on its own port), this turns the dev server into the preview server the CMS admin opens:
 * - `/__preview?secret=…&path=/news/x/` checks the secret, re-reads content from the CMS (drafts,
 *   through the loader's preview token), sets a session cookie and redirects to the page;
 * - every request needs that cookie (pages, and the dev server's modules and files), so drafts
 *   and the checkout's files are seen only through the admin;
 * - every response says `X-Robots-Tag: noindex`.
 * The pages are the site's own pages and components, rendered on request.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import type { AstroIntegration } from 'astro';

const cookieName = 'iro_preview';

/** Equal, compared in constant time (by bytes: a string's length is not its UTF-8 length). */
const same = (a: string, b: string) => {
  const [x, y] = [Buffer.from(a), Buffer.from(b)];
  return x.length === y.length && timingSafeEqual(x, y);
};

export function previewMode(secret: string | undefined): AstroIntegration {
  return {
    name: 'iro:preview-mode',
    hooks: {
      'astro:server:setup': ({ server, refreshContent, logger }) => {
        if (!secret) return;
        const session = createHmac('sha256', secret).update('preview session').digest('hex');
        logger.info('preview mode: drafts shown to sessions opened from the CMS admin');
        server.middlewares.use(async (request, response, next) => {
          response.setHeader('X-Robots-Tag', 'noindex, nofollow');
          const url = new URL(request.url ?? '/', 'http://preview');
          if (url.pathname === '/__preview') {
            if (!same(url.searchParams.get('secret') ?? '', secret)) {
              response.statusCode = 401;
              response.end('Wrong or missing preview secret: open previews from the CMS admin.');
              return;
            }
            await refreshContent?.({});
            const path = url.searchParams.get('path') ?? '/';
            response.statusCode = 303;
            response.setHeader('Set-Cookie', `${cookieName}=${session}; HttpOnly; Path=/; SameSite=Lax`);
            // Only paths on this server: never an open redirect.
            response.setHeader('Location', path.startsWith('/') && !path.startsWith('//') ? path : '/');
            response.end();
            return;
          }
          // Everything needs the session, the dev server's own paths too: `/@fs/` serves any file
          // of the checkout (the CMS's database among them) and `/.astro/` the store of drafts.
          // The page's scripts and styles are asked for from the same site, with the cookie.
          const cookie = (request.headers.cookie ?? '').split(/;\s*/).find((part) => part.startsWith(`${cookieName}=`))?.slice(cookieName.length + 1);
          if (!cookie || !same(cookie, session)) {
            response.statusCode = 401;
            response.end('This is the draft preview: open it from the CMS admin.');
            return;
          }
          next();
        });
      },
    },
  };
}
