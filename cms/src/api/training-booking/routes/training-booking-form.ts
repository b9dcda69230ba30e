import { linkRoute } from '../../../forms/http';

/** The public booking form, and cancelling a booking from the e-mailed link (no login; signed token). */
export default {
  routes: [
    { method: 'POST', path: '/forms/training-booking', handler: 'training-booking-form.submit', config: { auth: false } },
    { method: 'GET', path: '/forms/training-booking/cancel', handler: 'training-booking-form.cancelPage', config: linkRoute },
    { method: 'POST', path: '/forms/training-booking/cancel', handler: 'training-booking-form.cancel', config: linkRoute },
  ],
};
