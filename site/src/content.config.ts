import { defineCollection } from 'astro:content';
import type { Loader } from 'astro/loaders';
import { recordCardPosts, recordCardSite, type CardPost } from './lib/share-cards';
import { publishedCommentsLoader, strapiLoader } from './lib/strapi-loader';

/** `loader`, then `record` with every entry it stored: the lists kept beside the store (share cards). */
function recording<T>(loader: Loader, record: (entries: T[]) => void): Loader {
  return {
    ...loader,
    load: async (context) => {
      await loader.load(context);
      record(context.store.values().map((entry) => entry.data as T));
    },
  };
}

/** One collection per public content type of the CMS (entry ids are slugs), and approved comments. */
export const collections = {
  // Thousands of posts: their bodies are kept outside the content store (src/lib/entry-texts.ts).
  // Their share cards are made after the pages, from the list recorded here (src/lib/share-cards.ts).
  posts: defineCollection({ loader: recording<CardPost>(strapiLoader('post', { textsOutside: true }), recordCardPosts) }),
  topics: defineCollection({ loader: strapiLoader('topic') }),
  regions: defineCollection({ loader: strapiLoader('region') }),
  events: defineCollection({ loader: strapiLoader('event') }),
  trainingCourses: defineCollection({ loader: strapiLoader('training-course') }),
  magazineIssues: defineCollection({ loader: strapiLoader('magazine-issue') }),
  magazineArticles: defineCollection({ loader: strapiLoader('magazine-article') }),
  nominationCalls: defineCollection({ loader: strapiLoader('nomination-call') }),
  pages: defineCollection({ loader: strapiLoader('page') }),
  siteSettings: defineCollection({ loader: recording<{ shortName: string }>(strapiLoader('site-setting'), ([settings]) => recordCardSite(settings)) }),
  comments: defineCollection({ loader: publishedCommentsLoader() }),
};
