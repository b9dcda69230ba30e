/**
 * Tells the CMS how builds go, so editors see it on the "Site build" entry in the admin: when a
 * build starts (which also unticks "Rebuild now"), when the site went live and how long it took,
 * and the reason of the last failure. A CMS that cannot be reached only costs a log line.
 */
import type { BuildRecord, SiteBuilder } from './site-builder.js';

export function cmsStatusReporter(options: {
  /** The CMS's address, or a function giving it (when the CMS starts after the builder). */
  cmsUrl: string | (() => string);
  secret: string;
  log?: (line: string) => void;
}) {
  const cmsUrl = () => (typeof options.cmsUrl === 'function' ? options.cmsUrl() : options.cmsUrl);
  const send = async (report: Record<string, unknown>) => {
    try {
      const response = await fetch(`${cmsUrl()}/api/site-build/report`, {
        method: 'POST',
        headers: { authorization: `Bearer ${options.secret}`, 'content-type': 'application/json' },
        body: JSON.stringify(report),
      });
      if (!response.ok) options.log?.(`could not report the build to the CMS: ${response.status} ${await response.text()}`);
    } catch (error) {
      options.log?.(`could not report the build to the CMS: ${(error as Error).message}`);
    }
  };
  return {
    onStart: () => void send({ building: true, rebuildRequested: false, summary: 'The site is being rebuilt.' }),
    onBuild: (record: BuildRecord, builder: SiteBuilder) => {
      const success = builder.lastSuccess;
      void send({
        building: false,
        summary: record.ok
          ? `The site is live and up to date (built ${record.finishedAt.toISOString()}).`
          : 'The last build failed; the site before it is still live. See the error below.',
        ...(success
          ? {
              lastSuccessAt: success.finishedAt.toISOString(),
              lastBuildSeconds: `built in ${(success.durationMs / 1000).toFixed(1)} s; live ${(success.publishToLiveMs / 1000).toFixed(1)} s after the change`,
            }
          : {}),
        ...(record.ok ? {} : { lastFailureAt: record.finishedAt.toISOString(), lastError: (record.error ?? 'unknown error').slice(0, 5000) }),
      });
    },
  };
}
