import type { Core, Modules } from '@strapi/strapi';
import { sessionIsUpcoming, sessionKey, sessionLabel } from '@iro/content-types';
import type { errors } from '@strapi/utils';
import { relationDocumentId, ruleBroken, serialised, startingEntry, type RuleIssue } from './rule-support';

type ValidationError = errors.ValidationError;

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

/** A place asked for: a new booking or interest, or an edit of the booking `except`. */
export interface PlaceRequest {
  courseId: string;
  kind: 'booking' | 'interest';
  /** The session, by `sessionKey` of its date and times; none for interest in future dates. */
  key?: string;
  /** In lower case, as bookings' addresses are stored. */
  email: string;
  /** The booking being edited, whose own place does not count (one request at a time). */
  except?: string;
}

const sessionLock = (request: PlaceRequest) => `training:${request.courseId}:${request.key ?? ''}`;

/**
 * Whether each of `requests` may be stored, in order, as if each were stored before the next is
 * judged: a refusal, by the field it is about, or undefined. Takes each session's lock (in one
 * order, so two callers never deadlock) in the caller's transaction, held to its commit, and reads
 * the course and its places afresh under it: call it in the transaction that then stores the
 * accepted ones, and store nothing else of those sessions between.
 */
export async function judgePlaces(strapi: Core.Strapi, requests: readonly PlaceRequest[]): Promise<(ValidationError | undefined)[]> {
  return serialised(strapi, [...new Set(requests.map(sessionLock))], async () => {
    const courses = new Map<string, { sessions?: Session[] } | null>();
    for (const courseId of new Set(requests.map((request) => request.courseId))) {
      courses.set(courseId, (await strapi.documents(courseUid as never).findOne({ documentId: courseId, status: 'published', populate: { sessions: true } } as never)) as { sessions?: Session[] } | null);
    }
    // Per session the group asks for: places taken and addresses holding one, counted once, then kept up to date as places are given.
    const sessions = new Map<string, { taken: number; holders: Set<string> }>();
    const placesOf = async (request: PlaceRequest & { key: string }) => {
      const lock = sessionLock(request);
      let places = sessions.get(lock);
      if (!places) {
        const asking = requests.filter((other) => sessionLock(other) === lock);
        places = { taken: await placesTaken(strapi, request), holders: await placeHolders(strapi, request, asking.map((other) => other.email)) };
        sessions.set(lock, places);
      }
      return places;
    };
    const verdicts: (ValidationError | undefined)[] = [];
    for (const request of requests) {
      const course = courses.get(request.courseId);
      const { key, kind, email } = request;
      const session = key ? course?.sessions?.find((candidate) => sessionKey(candidate) === key) : undefined;
      const refusal = ((): RuleIssue | undefined => {
        if (!course) return { path: ['course'], message: 'This course is not open for booking: it is not published.' };
        if (!key) return kind === 'booking' ? { path: ['sessionKey'], message: 'Choose the date you want to book.' } : undefined;
        if (!session) return { path: ['sessionKey'], message: 'That date is not one of this course\'s dates. Reload the page and choose again.' };
        if (!sessionIsUpcoming(session)) return { path: ['sessionKey'], message: `The session on ${sessionLabel(session)} has already started or taken place.` };
        return undefined;
      })();
      if (refusal || kind === 'interest' || !key || !session) {
        verdicts.push(refusal ? ruleBroken([refusal]) : undefined);
        continue;
      }
      if (!session.bookingOpen) {
        verdicts.push(ruleBroken([{ path: ['sessionKey'], message: `Booking has closed for ${sessionLabel(session)}. You can register your interest instead.` }]));
        continue;
      }
      const places = await placesOf({ ...request, key });
      // An address with a place is told so before "full": pressing Book twice for the last place is one booking.
      if (email && places.holders.has(email)) {
        verdicts.push(ruleBroken([{ path: ['email'], message: `${email} already has a place on ${sessionLabel(session)}.` }]));
      } else if (places.taken >= session.capacity) {
        verdicts.push(ruleBroken([{ path: ['sessionKey'], message: `${sessionLabel(session)} is full. You can register your interest instead, and we will tell you if a place comes up.` }]));
      } else {
        places.taken++;
        if (email) places.holders.add(email);
        verdicts.push(undefined);
      }
    }
    return verdicts;
  });
}

const confirmedPlaces = (place: PlaceRequest & { key: string }) => ({
  course: { documentId: place.courseId },
  sessionKey: place.key,
  kind: 'booking',
  status: 'confirmed',
  ...(place.except ? { documentId: { $ne: place.except } } : {}),
});

/** Confirmed places on a course's session (the same course's draft and published rows are one course), leaving out the booking being edited. */
const placesTaken = (strapi: Core.Strapi, place: PlaceRequest & { key: string }): Promise<number> =>
  strapi.db.query(bookingUid as never).count({ where: confirmedPlaces(place) });

/**
 * Which of `emails` hold a confirmed place on the session. Addresses are stored in lower case
 * (below), so this is an exact match: matching each in any case (`$eqi`, LOWER() of every row for
 * every address) was most of a group's time on PostgreSQL at a few thousand bookings.
 */
async function placeHolders(strapi: Core.Strapi, place: PlaceRequest & { key: string }, emails: string[]): Promise<Set<string>> {
  const wanted = [...new Set(emails.filter(Boolean))];
  if (wanted.length === 0) return new Set();
  const rows = (await strapi.db.query(bookingUid as never).findMany({ select: ['email'], where: { ...confirmedPlaces(place), email: { $in: wanted } } })) as { email: string }[];
  return new Set(rows.map((row) => row.email));
}

/**
 * A training session is never overbooked, however a booking is stored (the public form, the
 * admin and its Duplicate, the REST API) and however many arrive at once: a confirmed booking
 * needs a published course, a session of it that has not started, is open for booking and has a
 * place left, and no confirmed booking of the same address for that session. The count and the
 * write run one at a time per session. Interest can be registered in any session that has not
 * started (that is its point when a session is full) or in no session at all (future dates).
 * The form's bookings, stored many at a time, are judged by the same `judgePlaces`.
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
    // One person, one address, however it was typed (lower-case-addresses.ts lowers it before this runs; compared lowered regardless).
    const email = String(data.email ?? stored?.email ?? '').toLowerCase();
    // The admin sends an unchanged relation as an empty `{ connect: [] }`: that keeps the stored entry's.
    const courseId = (await relationDocumentId(strapi, courseUid, data.course)) ?? stored?.course?.documentId;
    // Cancelling, or an edit that leaves the place as it was, takes no new place (a Duplicate takes one).
    // A new address is a new holder: it is judged, or an edit could give one address two places.
    const takesPlace = kind === 'booking' && status === 'confirmed';
    const samePlace =
      action === 'update' &&
      stored?.kind === 'booking' &&
      stored.status === 'confirmed' &&
      stored.sessionKey === (key ?? null) &&
      stored.course?.documentId === courseId &&
      stored.email.toLowerCase() === email;
    if (!courseId || (!takesPlace && kind === 'booking') || samePlace) return next();

    // One transaction for the judging and the write, so the session's lock is held until the write commits.
    return strapi.db.transaction(async () => {
      const [refusal] = await judgePlaces(strapi, [{ courseId, kind, key, email, except: action === 'update' ? params.documentId : undefined }]);
      if (refusal) throw refusal;
      return next();
    });
  };
}
