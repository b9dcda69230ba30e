import type { Core, Modules } from '@strapi/strapi';
import { sessionIsUpcoming, sessionKey, sessionLabel } from '@iro/content-types';
import { relationDocumentId, ruleBroken, serialised, startingEntry } from './rule-support';

const bookingUid = 'api::training-booking.training-booking';
const courseUid = 'api::training-course.training-course';

interface Session {
  date: string;
  startTime: string;
  endTime: string;
  capacity: number;
  bookingOpen: boolean;
}
interface StoredBooking {
  documentId: string;
  kind: 'booking' | 'interest';
  status: 'confirmed' | 'cancelled';
  sessionKey: string | null;
  email: string;
  course?: { documentId: string } | null;
}

/**
 * Confirmed places on a course's session (the same course's draft and published rows are one
 * course), all of them or only those of one address, leaving out the booking being edited.
 */
function placesTaken(strapi: Core.Strapi, place: { courseId: string; key: string; email?: string; except?: string }): Promise<number> {
  return strapi.db.query(bookingUid as never).count({
    where: {
      course: { documentId: place.courseId },
      sessionKey: place.key,
      kind: 'booking',
      status: 'confirmed',
      ...(place.email ? { email: { $eqi: place.email } } : {}),
      ...(place.except ? { documentId: { $ne: place.except } } : {}),
    },
  });
}

/**
 * A training session is never overbooked, however a booking is stored (the public form, the
 * admin and its Duplicate, the REST API) and however many arrive at once: a confirmed booking
 * needs a published course, a session of it that has not started, is open for booking and has a
 * place left, and no confirmed booking of the same address for that session. The count and the
 * write run one at a time per session. Interest can be registered in any session that has not
 * started (that is its point when a session is full) or in no session at all (future dates).
 */
export function trainingPlaces(strapi: Core.Strapi): Modules.Documents.Middleware.Middleware {
  return async (context, next) => {
    const action = context.action as string;
    if (context.uid !== bookingUid || !['create', 'clone', 'update'].includes(action)) return next();
    const params = context.params as { data?: Record<string, unknown>; documentId?: string };
    const data = params.data ?? {};
    const stored = await startingEntry<StoredBooking>(strapi, context, { course: { fields: ['documentId'] } });
    const kind = (data.kind as StoredBooking['kind'] | undefined) ?? stored?.kind ?? 'booking';
    const status = (data.status as StoredBooking['status'] | undefined) ?? stored?.status ?? 'confirmed';
    const key = ('sessionKey' in data ? (data.sessionKey as string | null | undefined) : stored?.sessionKey) || undefined;
    const email = String(data.email ?? stored?.email ?? '').toLowerCase();
    // The admin sends an unchanged relation as an empty `{ connect: [] }`: that keeps the stored entry's.
    const courseId = (await relationDocumentId(strapi, courseUid, data.course)) ?? stored?.course?.documentId;
    // Cancelling, or an edit that leaves the place as it was, takes no new place (a Duplicate takes one).
    const takesPlace = kind === 'booking' && status === 'confirmed';
    const samePlace =
      action === 'update' && stored?.kind === 'booking' && stored.status === 'confirmed' && stored.sessionKey === (key ?? null) && stored.course?.documentId === courseId;
    const editedBooking = action === 'update' ? params.documentId : undefined;
    if (!courseId || (!takesPlace && kind === 'booking') || samePlace) return next();

    return serialised(strapi, `training:${courseId}:${key ?? ''}`, async () => {
      const course = (await strapi.documents(courseUid as never).findOne({ documentId: courseId, status: 'published', populate: { sessions: true } } as never)) as {
        sessions?: Session[];
      } | null;
      if (!course) throw ruleBroken([{ path: ['course'], message: 'This course is not open for booking: it is not published.' }]);
      if (!key) {
        if (kind === 'booking') throw ruleBroken([{ path: ['sessionKey'], message: 'Choose the date you want to book.' }]);
        return next();
      }
      const session = course.sessions?.find((candidate) => sessionKey(candidate) === key);
      if (!session) throw ruleBroken([{ path: ['sessionKey'], message: 'That date is not one of this course\'s dates. Reload the page and choose again.' }]);
      if (!sessionIsUpcoming(session)) {
        throw ruleBroken([{ path: ['sessionKey'], message: `The session on ${sessionLabel(session)} has already started or taken place.` }]);
      }
      if (kind === 'interest') return next();
      if (!session.bookingOpen) {
        throw ruleBroken([{ path: ['sessionKey'], message: `Booking has closed for ${sessionLabel(session)}. You can register your interest instead.` }]);
      }
      const taken = await placesTaken(strapi, { courseId, key, except: editedBooking });
      if (taken >= session.capacity) {
        throw ruleBroken([{ path: ['sessionKey'], message: `${sessionLabel(session)} is full. You can register your interest instead, and we will tell you if a place comes up.` }]);
      }
      if (email && (await placesTaken(strapi, { courseId, key, email, except: editedBooking })) > 0) {
        throw ruleBroken([{ path: ['email'], message: `${email} already has a place on ${sessionLabel(session)}.` }]);
      }
      return next();
    });
  };
}
