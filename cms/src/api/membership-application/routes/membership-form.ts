/** The public "Join us" form (no login; the endpoint checks its own input and rate). */
export default {
  routes: [{ method: 'POST', path: '/forms/membership', handler: 'membership-form.submit', config: { auth: false } }],
};
