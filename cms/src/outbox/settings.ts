/**
 * How the outbox worker paces itself. The sending rate itself is the SMTP pool's
 * (SMTP_RATE_LIMIT, SMTP_MAX_CONNECTIONS in config/plugins.ts).
 */
export interface OutboxSettings {
  /** Messages claimed at once (one claim, one status write per group of accepted messages). */
  batchSize: number;
  /** Messages handed to the SMTP pool at once: enough to keep every pooled connection busy. */
  inFlight: number;
  /** How long a claim holds; renewed while sending, so it lapses only when its CMS has died. */
  leaseMs: number;
  /** Wait before the first retry after a temporary failure; doubled each time, at most 6 hours. */
  retryBaseMs: number;
  /** Attempts before a message that keeps failing temporarily is marked failed. */
  maxAttempts: number;
  /** How often an idle worker looks for due messages (queued by another CMS instance, or retries). */
  idlePollMs: number;
  /** How long a post's outbox rows are kept after its last e-mail went (its counts stay for good), and a failed notice e-mail after it failed. */
  keepSentMs: number;
  /** How often an idle worker clears out what is no longer kept. */
  tidyEveryMs: number;
}

const positive = (value: string | undefined, fallback: number) => {
  const number = Number(value);
  return value !== undefined && value !== '' && Number.isFinite(number) && number > 0 ? number : fallback;
};

export function outboxSettings(env: NodeJS.ProcessEnv = process.env): OutboxSettings {
  const connections = positive(env.SMTP_MAX_CONNECTIONS, 2);
  return {
    batchSize: 200,
    inFlight: Math.max(4, connections * 4),
    leaseMs: positive(env.MAIL_OUTBOX_LEASE_SECONDS, 60) * 1000,
    retryBaseMs: positive(env.MAIL_RETRY_SECONDS, 60) * 1000,
    // Waits of 1 min, 2, 4 … 4¼ h, 6 h, 6 h: about 20 hours of retrying with the defaults.
    maxAttempts: 12,
    idlePollMs: 2000,
    keepSentMs: positive(env.MAIL_OUTBOX_KEEP_DAYS, 30) * 24 * 60 * 60 * 1000,
    tidyEveryMs: 60 * 60 * 1000,
  };
}

/** The wait before attempt `attempts + 1`, after `attempts` temporary failures. */
export const backoffMs = (settings: Pick<OutboxSettings, 'retryBaseMs'>, attempts: number) =>
  Math.min(settings.retryBaseMs * 2 ** Math.max(0, attempts - 1), 6 * 60 * 60 * 1000);
