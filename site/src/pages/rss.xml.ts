import type { APIRoute } from 'astro';
import { allPosts, siteSettings } from '../lib/content';
import { postsFeed } from '../lib/feed';
import { urls } from '../lib/urls';

export const GET: APIRoute = async () => {
  const settings = await siteSettings();
  return postsFeed({ title: `${settings.shortName}: news`, description: settings.description, path: urls.feed(), posts: await allPosts() });
};
