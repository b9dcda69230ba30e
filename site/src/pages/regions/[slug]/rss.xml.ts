import type { APIRoute } from 'astro';
import { allPosts, allRegions, type Region } from '../../../lib/content';
import { postsFeed } from '../../../lib/feed';
import { urls } from '../../../lib/urls';

export async function getStaticPaths() {
  return (await allRegions()).map((region) => ({ params: { slug: region.slug }, props: { region } }));
}

export const GET: APIRoute = async ({ props }) => {
  const { region } = props as { region: Region };
  const posts = (await allPosts()).filter((post) => post.region?.slug === region.slug);
  return postsFeed({ title: `${region.name}: news`, description: `News from the ${region.name} region.`, path: urls.regionFeed(region.slug), posts });
};
