import type { Core } from '@strapi/strapi';
import { rebuildReason } from '@iro/content-types';

const webhookName = 'Site builder';

/** Events that can change what visitors see; the builder decides per entry (drafts are ignored there). */
const wantedEvents = ['entry.create', 'entry.update', 'entry.delete', 'entry.publish', 'entry.unpublish', 'media.create', 'media.update', 'media.delete'];

interface Webhook {
  id: string;
  name: string;
  url: string;
  headers: Record<string, string>;
  events: string[];
  isEnabled: boolean;
}
interface WebhookRunner {
  add(webhook: Webhook): void;
  update(webhook: Webhook): void;
  run(webhook: Webhook, event: string, info?: Record<string, unknown>): Promise<{ statusCode: number; message?: string }>;
}
interface WebhookStore {
  allowedEvents: Map<string, string>;
  findWebhooks(): Promise<Webhook[]>;
  createWebhook(data: Omit<Webhook, 'id' | 'isEnabled'>): Promise<Webhook>;
  updateWebhook(id: string, data: Omit<Webhook, 'id'>): Promise<Webhook>;
}

/**
 * Points Strapi's webhooks at the site builder when SITE_BUILDER_URL and SITE_BUILDER_SECRET are
 * set: one webhook, kept in line with the environment at every boot (created, or updated if the
 * URL or secret changed), so publishing rebuilds the site with no set-up in the admin.
 */
export async function registerSiteBuilderWebhook(strapi: Core.Strapi): Promise<void> {
  const runner = strapi.get('webhookRunner') as WebhookRunner;
  sendOnlySiteChanges(runner);
  const url = process.env.SITE_BUILDER_URL;
  const secret = process.env.SITE_BUILDER_SECRET;
  if (!url || !secret) return;
  const store = strapi.get('webhookStore') as WebhookStore;
  const allowed = new Set(store.allowedEvents.values());
  const wanted = {
    name: webhookName,
    url,
    headers: { Authorization: `Bearer ${secret}` },
    events: wantedEvents.filter((event) => allowed.has(event)),
  };
  const existing = (await store.findWebhooks()).find((webhook) => webhook.name === webhookName);
  if (!existing) {
    runner.add(await store.createWebhook(wanted));
    return;
  }
  const unchanged =
    existing.url === wanted.url &&
    existing.isEnabled &&
    existing.headers?.Authorization === wanted.headers.Authorization &&
    [...existing.events].sort().join() === [...wanted.events].sort().join();
  if (!unchanged) runner.update(await store.updateWebhook(existing.id, { ...wanted, isEnabled: true }));
}

/** What the builder reads of an entry (`rebuildReason`): it fetches the content itself. */
const entryFieldsForBuilder = ['documentId', 'slug', 'publishedAt', 'rebuildRequested', 'status', 'doNotPublish'];

/**
 * The builder's webhook carries only changes visitors can see (`rebuildReason`), and of the entry
 * only what says so. Strapi sends every entry event to every webhook that lists it, with the whole
 * entry: without this, each enquiry, held comment, booking or subscription would go to the
 * builder, personal data and all, one POST per submission, for the builder to drop; and a
 * moderated comment would carry its text and author. Other webhooks, and the admin's "Trigger"
 * test, are left as Strapi sends them.
 */
function sendOnlySiteChanges(runner: WebhookRunner): void {
  const run = runner.run.bind(runner);
  runner.run = (webhook, event, info = {}) => {
    if (webhook.name !== webhookName || !event.startsWith('entry.')) return run(webhook, event, info);
    if (!rebuildReason({ event, ...info })) return Promise.resolve({ statusCode: 204, message: 'Not sent: visitors cannot see this change.' });
    const entry = (info.entry ?? {}) as Record<string, unknown>;
    return run(webhook, event, { ...info, entry: Object.fromEntries(entryFieldsForBuilder.filter((key) => key in entry).map((key) => [key, entry[key]])) });
  };
}
