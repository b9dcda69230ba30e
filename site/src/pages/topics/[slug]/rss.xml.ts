import type { APIRoute } from 'astro';
import { fileKey } from '../../../lib/cache-keys';
import { allPosts, allTopics, type Post } from '../../../lib/content';
import { postsFeed } from '../../../lib/feed';
import { urls } from '../../../lib/urls';

export async function getStaticPaths() {
  const posts = await allPosts();
  return (await allTopics()).map((topic) => {
    const props = { topic, posts: posts.filter((post) => post.topics.some((tagged) => tagged.slug === topic.slug)) };
    return { params: { slug: topic.slug }, props, cacheKey: fileKey(props) };
  });
}

export const GET: APIRoute = async ({ props }) => {
  const { topic, posts } = props as { topic: Awaited<ReturnType<typeof allTopics>>[number]; posts: Post[] };
  return postsFeed({ title: `News about ${topic.name}`, description: topic.description ?? `News about ${topic.name}.`, path: urls.topicFeed(topic.slug), posts });
};
