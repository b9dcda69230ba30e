/**
 * What is published, for the site build to fetch only what changed (public: it holds documentIds
 * and version stamps of public entries only; see src/public-api/content-versions.ts).
 */
export default {
  routes: [
    {
      method: 'GET',
      path: '/site-build/content-versions',
      handler: 'site-build.contentVersions',
      config: { auth: false },
    },
  ],
};
