import type { APIRoute } from 'astro';
import { fileKey } from '../../../lib/cache-keys';
import { allPosts, allRegions, type Post, type Region } from '../../../lib/content';
import { postsFeed } from '../../../lib/feed';
import { urls } from '../../../lib/urls';

export async function getStaticPaths() {
  const posts = await allPosts();
  return (await allRegions()).map((region) => {
    const props = { region, posts: posts.filter((post) => post.region?.slug === region.slug) };
    return { params: { slug: region.slug }, props, cacheKey: fileKey(props) };
  });
}

export const GET: APIRoute = async ({ props }) => {
  const { region, posts } = props as { region: Region; posts: Post[] };
  return postsFeed({ title: `${region.name}: news`, description: `News from the ${region.name} region.`, path: urls.regionFeed(region.slug), posts });
};
