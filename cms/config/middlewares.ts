export default ({ env }: { env: any }) => [
  'strapi::logger',
  'strapi::errors',
  'strapi::security',
  // Browsers may call the API (the forms) from the site's own origin only.
  { name: 'strapi::cors', config: { origin: env.array('CORS_ORIGINS', [env('SITE_URL', 'http://localhost:4321')]) } },
  'strapi::poweredBy',
  'strapi::query',
  'strapi::body',
  'strapi::session',
  'strapi::favicon',
  'strapi::public',
];
