/**
 * Booking a place on a training session, or registering interest, from the form on the course's
 * page. Places are the places rule's (document-rules/training-places.ts, which the form's bookings,
 * stored many at a time by forms/booking-batch.ts, share with the Document Service): a full,
 * closed or past session is refused by the field it is about, and concurrent bookings never take
 * more places than the session has. A booking is confirmed by e-mail with a signed link to cancel
 * it (a page with a button, like the follow links), which frees the place.
 */
import { entryPath, sessionChoices, sessionKey, sessionLabel, sitePaths, trainingBookingForm } from '@iro/content-types';
import { bookableCourse, type BookableCourse } from '../../../forms/cached-reads';
import { formEndpoint, pageSentWrongly } from '../../../forms/endpoint';
import { bookPlace, type NewBooking } from '../../../forms/booking-batch';
import { cmsPublicUrl, respond, siteUrl, type FormContext } from '../../../forms/http';
import { formSettings } from '../../../forms/notify';
import { actionPage } from '../../../forms/pages';
import { showPage } from '../../../forms/render';
import { looksLikeToken, signedToken, verifySignedToken } from '../../../forms/tokens';

const bookings = () => strapi.documents('api::training-booking.training-booking' as never) as any;

/** The booking a cancel link's token was signed for, or null for any other token. */
const bookingOf = async (token: unknown, populate: object = {}) => {
  const documentId = looksLikeToken(token) ? verifySignedToken('cancel-booking', token) : undefined;
  return documentId ? await bookings().findOne({ documentId, populate }) : null;
};

const cancelLink = (documentId: string) => `${cmsPublicUrl()}/api/forms/training-booking/cancel?token=${signedToken('cancel-booking', documentId)}`;

export default {
  submit: formEndpoint<NewBooking & Record<string, unknown>>({
    form: trainingBookingForm,
    thankYouPath: sitePaths.bookingSent(),
    backTo: async (input) => {
      const course = await bookableCourse(input.course);
      return course ? entryPath('training-course', course) : undefined;
    },
    choices: async (input) => ({ sessionKey: sessionChoices((await bookableCourse(input.course))?.sessions ?? []) }),
    async handle(input) {
      const course = await bookableCourse(input.course);
      if (!course) return { ok: false, errors: { course: pageSentWrongly } };
      const email = input.email.toLowerCase();
      // What the receipt says of the session; the places rule reads the course afresh, under its lock.
      const session = input.kind === 'booking' ? course.sessions.find((candidate) => sessionKey(candidate) === input.sessionKey) : undefined;
      const when = session ? `${sessionLabel(session)} (${session.format === 'online' ? 'online' : 'in person'})` : undefined;
      const settings = await formSettings();
      // The booking and its receipt are stored together, judged and stored with the bookings beside it.
      await bookPlace(
        { course: input.course, kind: input.kind, sessionKey: input.sessionKey, name: input.name, email, organisation: input.organisation },
        (documentId) =>
          session && when
            ? {
                to: [email],
                subject: `Your place on ${course.title}, ${sessionLabel(session)}`,
                text: [
                  `Dear ${input.name},`,
                  '',
                  `Your place on "${course.title}" on ${when} is booked.`,
                  session.format === 'online' ? 'We will e-mail you the link to join before the session.' : 'We will e-mail you the venue details before the session.',
                  '',
                  `About the course: ${siteUrl()}${sitePaths.course(course.slug)}`,
                  '',
                  `If you cannot come, please cancel so that someone else can have the place:`,
                  cancelLink(documentId),
                  '',
                  `${settings.shortName}${settings.contactEmail ? `, ${settings.contactEmail}` : ''}`,
                ].join('\n'),
              }
            : undefined,
      );
      if (input.kind === 'interest') {
        return { ok: true, thankYouPath: sitePaths.interestSent(), message: `Thank you: we will let you know about places on ${course.title}.` };
      }
      if (!when) return { ok: true, thankYouPath: sitePaths.bookingSent(), message: 'Thank you: your place is booked.' };
      return { ok: true, thankYouPath: sitePaths.bookingSent(), message: `Thank you: your place on ${when} is booked. We have e-mailed you the details.` };
    },
  }),

  /** The page behind the e-mailed cancel link: what will be cancelled, and a button (opening a link changes nothing). */
  async cancelPage(ctx: FormContext) {
    const token = ctx.query.token;
    const booking = await bookingOf(token, { course: { populate: { sessions: true } } });
    if (!booking) return ctx.redirect(`${siteUrl()}${sitePaths.bookingLinkNotValid()}`);
    if (booking.status === 'cancelled') return ctx.redirect(`${siteUrl()}${sitePaths.bookingCancelled()}`);
    const session = (booking.course?.sessions as NonNullable<BookableCourse>['sessions'] | undefined)?.find((candidate) => sessionKey(candidate) === booking.sessionKey);
    showPage(
      ctx,
      actionPage({
        title: 'Cancel your place',
        lead: `Press the button to cancel your place on "${booking.course?.title ?? 'the course'}"${session ? ` on ${sessionLabel(session)}` : ''}. Someone else can then have it.`,
        token: token as string,
        siteName: (await formSettings()).shortName,
        actions: [{ action: '/api/forms/training-booking/cancel', button: 'Cancel my place' }],
      }),
    );
  },

  async cancel(ctx: FormContext) {
    const token = (ctx.request.body as { token?: unknown } | undefined)?.token;
    const booking = await bookingOf(token);
    if (!booking) return respond(ctx, 400, { error: 'This link is not valid.' }, sitePaths.bookingLinkNotValid());
    if (booking.status !== 'cancelled') await bookings().update({ documentId: booking.documentId, data: { status: 'cancelled' } });
    return respond(ctx, 200, { message: 'Your place is cancelled.' }, sitePaths.bookingCancelled());
  },
};
