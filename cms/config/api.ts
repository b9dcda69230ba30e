export default {
  rest: {
    defaultLimit: 25,
    // The site pages through with this page size; Strapi refuses larger pages.
    maxLimit: 100,
    withCount: true,
  },
};
