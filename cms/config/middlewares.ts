export default ({ env }: { env: any }) => {
  // An origin has no trailing slash or path: SITE_URL as written may have either.
  const siteOrigin = new URL(env('SITE_URL', 'http://localhost:4321')).origin;
  const corsOrigins = (env.array('CORS_ORIGINS', []) as string[]).map((origin) => origin.trim()).filter(Boolean);
  return [
    'strapi::logger',
    'strapi::errors',
    {
      name: 'strapi::security',
      config: {
        // The CMS's own pages (a form with errors, the buttons behind e-mailed links) post here and
        // are sent on to the site with a 303. Browsers check form-action against that redirect too
        // (Chromium refuses it under the default 'self'), so the site is named beside the CMS.
        contentSecurityPolicy: { directives: { 'form-action': ["'self'", siteOrigin] } },
      },
    },
    // Browsers may call the API (the forms) from the site's own origin only.
    // CORS_ORIGINS set but empty (as docker-compose.yml passes it when unset) means the site's only.
    { name: 'strapi::cors', config: { origin: corsOrigins.length > 0 ? corsOrigins : [siteOrigin] } },
    'strapi::poweredBy',
    'strapi::query',
    'strapi::body',
    'strapi::session',
    'strapi::favicon',
    'strapi::public',
  ];
};
