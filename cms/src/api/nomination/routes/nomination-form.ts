/** The public nomination form (no login; the endpoint checks its own input and rate, the rules their own). */
export default {
  routes: [{ method: 'POST', path: '/forms/nomination', handler: 'nomination-form.submit', config: { auth: false } }],
};
