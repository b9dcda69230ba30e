/** The site builder reports each build here; it authenticates with the shared builder secret, not a user. */
export default {
  routes: [
    {
      method: 'POST',
      path: '/site-build/report',
      handler: 'site-build.report',
      config: { auth: false },
    },
  ],
};
