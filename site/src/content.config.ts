import { defineCollection } from 'astro:content';
import { publishedCommentsLoader, strapiLoader } from './lib/strapi-loader';

/** One collection per public content type of the CMS (entry ids are slugs), and approved comments. */
export const collections = {
  posts: defineCollection({ loader: strapiLoader('post') }),
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
