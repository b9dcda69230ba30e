import { linkGuard } from '../../../forms/http';

/** The pages and buttons behind e-mailed links: the forms' size and rate limits (forms/http.ts). */
const link = { auth: false as const, middlewares: [linkGuard] };

/** The public booking form, and cancelling a booking from the e-mailed link (no login; signed token). */
export default {
  routes: [
    { method: 'POST', path: '/forms/training-booking', handler: 'training-booking-form.submit', config: { auth: false } },
    { method: 'GET', path: '/forms/training-booking/cancel', handler: 'training-booking-form.cancelPage', config: link },
    { method: 'POST', path: '/forms/training-booking/cancel', handler: 'training-booking-form.cancel', config: link },
  ],
};
