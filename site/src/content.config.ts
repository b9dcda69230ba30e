import { defineCollection } from 'astro:content';
import { publishedCommentsLoader, strapiLoader } from './lib/strapi-loader';

/** One collection per public content type of the CMS (entry ids are slugs), and approved comments. */
export const collections = {
  // Thousands of posts: their bodies are kept outside the content store (src/lib/entry-texts.ts).
  posts: defineCollection({ loader: strapiLoader('post', { textsOutside: true }) }),
  topics: defineCollection({ loader: strapiLoader('topic') }),
  regions: defineCollection({ loader: strapiLoader('region') }),
  events: defineCollection({ loader: strapiLoader('event') }),
  trainingCourses: defineCollection({ loader: strapiLoader('training-course') }),
  magazineIssues: defineCollection({ loader: strapiLoader('magazine-issue') }),
  magazineArticles: defineCollection({ loader: strapiLoader('magazine-article') }),
  nominationCalls: defineCollection({ loader: strapiLoader('nomination-call') }),
  pages: defineCollection({ loader: strapiLoader('page') }),
  siteSettings: defineCollection({ loader: strapiLoader('site-setting') }),
  comments: defineCollection({ loader: publishedCommentsLoader() }),
};
