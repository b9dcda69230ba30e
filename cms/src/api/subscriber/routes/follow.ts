/** Follow by e-mail: public form endpoints (no login; each checks its own input, rate or signed token). */
export default {
  routes: [
    { method: 'POST', path: '/forms/follow', handler: 'follow.follow', config: { auth: false } },
    { method: 'GET', path: '/forms/follow/confirm', handler: 'follow.confirmPage', config: { auth: false } },
    { method: 'POST', path: '/forms/follow/confirm', handler: 'follow.confirm', config: { auth: false } },
    { method: 'GET', path: '/forms/unsubscribe', handler: 'follow.unsubscribePage', config: { auth: false } },
    { method: 'POST', path: '/forms/unsubscribe', handler: 'follow.unsubscribe', config: { auth: false } },
    { method: 'GET', path: '/forms/manage', handler: 'follow.managePage', config: { auth: false } },
    { method: 'POST', path: '/forms/manage/:action', handler: 'follow.manage', config: { auth: false } },
    { method: 'GET', path: '/forms/followers', handler: 'follow.followers', config: { auth: false } },
  ],
};
