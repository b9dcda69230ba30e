/** The public contact form (no login; the endpoint checks its own input and rate). */
export default {
  routes: [{ method: 'POST', path: '/forms/enquiry', handler: 'enquiry-form.submit', config: { auth: false } }],
};
