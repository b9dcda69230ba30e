import { linkRoute } from '../../../forms/http';

/** Follow by e-mail: public form endpoints (no login; each checks its own input, rate and signed token). */
export default {
  routes: [
    { method: 'POST', path: '/forms/follow', handler: 'follow.follow', config: { auth: false } },
    { method: 'GET', path: '/forms/follow/confirm', handler: 'follow.confirmPage', config: linkRoute },
    { method: 'POST', path: '/forms/follow/confirm', handler: 'follow.confirm', config: linkRoute },
    { method: 'GET', path: '/forms/unsubscribe', handler: 'follow.unsubscribePage', config: linkRoute },
    { method: 'POST', path: '/forms/unsubscribe', handler: 'follow.unsubscribe', config: linkRoute },
    { method: 'GET', path: '/forms/manage', handler: 'follow.managePage', config: linkRoute },
    { method: 'POST', path: '/forms/manage/:action', handler: 'follow.manage', config: linkRoute },
    { method: 'GET', path: '/forms/followers', handler: 'follow.followers', config: { auth: false } },
  ],
};
