export default ({ env }: { env: any }) => ({
  host: env('HOST', '0.0.0.0'),
  port: env.int('PORT', 1337),
  // Public address of the CMS, used in links it sends out (e-mails, preview). Empty: relative.
  url: env('CMS_PUBLIC_URL', ''),
  // Behind a reverse proxy, trust its X-Forwarded-* headers (and only then).
  proxy: { koa: env.bool('CMS_BEHIND_PROXY', false) },
  app: { keys: env.array('APP_KEYS') },
  logger: {
    // No calls home to check for Strapi updates: the CMS may run without internet access.
    updates: { enabled: false },
    config: { level: env('LOG_LEVEL', 'http') },
  },
});
