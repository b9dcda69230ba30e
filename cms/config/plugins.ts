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
        // One pooled connection reused for batches of mail.
        pool: true,
        maxConnections: env.int('SMTP_MAX_CONNECTIONS', 2),
      },
      settings: {
        defaultFrom: env('MAIL_FROM', 'NIROMP <no-reply@iro-network.example>'),
        defaultReplyTo: env('MAIL_REPLY_TO', 'steering-group@iro-network.example'),
      },
    },
  },
});
