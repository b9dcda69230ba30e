import type { Core } from '@strapi/strapi';

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
  const url = process.env.SITE_BUILDER_URL;
  const secret = process.env.SITE_BUILDER_SECRET;
  if (!url || !secret) return;
  const store = strapi.get('webhookStore') as WebhookStore;
  const runner = strapi.get('webhookRunner') as { add(webhook: Webhook): void; update(webhook: Webhook): void };
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
