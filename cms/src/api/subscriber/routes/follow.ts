import { linkGuard } from '../../../forms/http';

/** The pages and buttons behind e-mailed links: the forms' size and rate limits (forms/http.ts). */
const link = { auth: false as const, middlewares: [linkGuard] };

/** Follow by e-mail: public form endpoints (no login; each checks its own input, rate and signed token). */
export default {
  routes: [
    { method: 'POST', path: '/forms/follow', handler: 'follow.follow', config: { auth: false } },
    { method: 'GET', path: '/forms/follow/confirm', handler: 'follow.confirmPage', config: link },
    { method: 'POST', path: '/forms/follow/confirm', handler: 'follow.confirm', config: link },
    { method: 'GET', path: '/forms/unsubscribe', handler: 'follow.unsubscribePage', config: link },
    { method: 'POST', path: '/forms/unsubscribe', handler: 'follow.unsubscribe', config: link },
    { method: 'GET', path: '/forms/manage', handler: 'follow.managePage', config: link },
    { method: 'POST', path: '/forms/manage/:action', handler: 'follow.manage', config: link },
    { method: 'GET', path: '/forms/followers', handler: 'follow.followers', config: { auth: false } },
  ],
};
