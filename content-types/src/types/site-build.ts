import { defineContentType, field } from '../model.js';

/**
 * How the public site's builds are going, shown to editors in the admin, and the switch that
 * asks for a rebuild. Written by the site builder after every build; never public.
 */
export const siteBuild = defineContentType({
  kind: 'singleType',
  singularName: 'site-build',
  pluralName: 'site-builds',
  displayName: 'Site build',
  description: 'Status of the public site: last successful build, last failure, and a rebuild switch.',
  audience: 'private',
  draftAndPublish: false,
  titleField: 'summary',
  attributes: {
    rebuildRequested: field.boolean('Tick and save to rebuild the public site now; the builder unticks it when it starts.', {
      default: false,
    }),
    summary: field.string('Where the site stands, in a sentence (written by the builder).', { maxLength: 300 }),
    building: field.boolean('A build is running now.', { default: false }),
    lastSuccessAt: field.datetime('When the site last went live.'),
    lastBuildSeconds: field.string('How long the last successful build took, and publish-to-live.', { maxLength: 100 }),
    lastFailureAt: field.datetime('When a build last failed (the previous site stayed live).'),
    lastError: field.text('Why the last failed build failed.', { maxLength: 5000 }),
  },
});
