import type { APIRoute } from 'astro';
import { allPosts, allTopics } from '../../../lib/content';
import { postsFeed } from '../../../lib/feed';
import { urls } from '../../../lib/urls';

export async function getStaticPaths() {
  return (await allTopics()).map((topic) => ({ params: { slug: topic.slug }, props: { topic } }));
}

export const GET: APIRoute = async ({ props }) => {
  const { topic } = props as { topic: Awaited<ReturnType<typeof allTopics>>[number] };
  const posts = (await allPosts()).filter((post) => post.topics.some((tagged) => tagged.slug === topic.slug));
  return postsFeed({ title: `News about ${topic.name}`, description: topic.description ?? `News about ${topic.name}.`, path: urls.topicFeed(topic.slug), posts });
};
