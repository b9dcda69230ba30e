/** The public comment form, and the approved comments the site shows (no login). */
export default {
  routes: [
    { method: 'POST', path: '/forms/comment', handler: 'comment-form.submit', config: { auth: false } },
    { method: 'GET', path: '/forms/comments', handler: 'comment-form.published', config: { auth: false } },
  ],
};
