import { connectWithoutDelay } from '../src/outbox/smtp-socket';

export default ({ env }: { env: any }) => ({
  'users-permissions': { config: { jwtSecret: env('JWT_SECRET') } },
  // Mail goes out over SMTP: any relay in production, the demo mail catcher under npm start.
  email: {
    config: {
      provider: 'nodemailer',
      providerOptions: {
        host: env('SMTP_HOST', '127.0.0.1'),
        port: env.int('SMTP_PORT', 1025),
        secure: env.bool('SMTP_SECURE', false),
        ...(env('SMTP_USER', '') ? { auth: { user: env('SMTP_USER'), pass: env('SMTP_PASS', '') } } : {}),
        // Pooled connections reused for batches of mail (the outbox sends new-post e-mails through them).
        pool: true,
        maxConnections: env.int('SMTP_MAX_CONNECTIONS', 2),
        getSocket: connectWithoutDelay,
        // At most SMTP_RATE_LIMIT messages a second over all the pool's connections (0: no limit).
        ...(env.int('SMTP_RATE_LIMIT', 250) > 0 ? { rateLimit: env.int('SMTP_RATE_LIMIT', 250), rateDelta: 1000 } : {}),
      },
      settings: {
        defaultFrom: env('MAIL_FROM', 'NIROMP <no-reply@iro-network.example>'),
        defaultReplyTo: env('MAIL_REPLY_TO', 'steering-group@iro-network.example'),
      },
    },
  },
});
