/** Every component, keyed by its Strapi uid (`category.name`). */
import { consent } from './consent.js';
import { nominee } from './nominee.js';
import { regionLead } from './region-lead.js';
import { socialLink } from './social-link.js';
import { source } from './source.js';
import { sessionIsUpcoming, sessionKey, sessionLabel, trainingSession, upcomingSessions } from './training-session.js';
import { venue } from './venue.js';

export { consent, nominee, regionLead, sessionIsUpcoming, sessionKey, sessionLabel, socialLink, source, trainingSession, upcomingSessions, venue };

export const components = {
  'shared.source': source,
  'shared.venue': venue,
  'shared.social-link': socialLink,
  'region.lead': regionLead,
  'training.session': trainingSession,
  'nomination.nominee': nominee,
  'subscriber.consent': consent,
} as const;

export type ComponentUid = keyof typeof components;
