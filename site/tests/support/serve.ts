/** Tests serve the built site with the project's own static server (scripts/lib/static-server). */
export { serveStatic as serveSite } from '../../../scripts/lib/static-server';
