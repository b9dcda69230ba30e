import type { APIRoute } from 'astro';
import { absolute } from '../lib/urls';

export const GET: APIRoute = () =>
  new Response(`User-agent: *\nAllow: /\n\nSitemap: ${absolute('/sitemap-index.xml')}\n`, { headers: { 'Content-Type': 'text/plain' } });
