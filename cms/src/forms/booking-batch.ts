/**
 * The booking form's bookings, stored many at a time. Through the Document Service each booking
 * was a create (a dozen queries and a yup schema) behind a savepoint, with the places rule's
 * course read and two counts: 147 bookings a second on SQLite and 60 on PostgreSQL in the run
 * before this module (bench/README.md).
 * Here the bookings waiting together are judged by that same rule at once (`judgePlaces`: each
 * session's lock, its course and its places read once), the accepted ones stored in one INSERT
 * (batch-insert.ts), and their receipts queued in another, in the group's transaction.
 *
 * An address that already has a place on the session gets the answer a new booking gets, and its
 * receipt again: saying "already booked" would tell anyone who is booked. That holds for a place
 * taken earlier in the same group too.
 */
import type { Core } from '@strapi/strapi';
import { judgePlaces } from '../document-rules/training-places';
import { ruleIssues } from '../document-rules/rule-support';
import { queueNotices, type Notice } from '../outbox/notices';
import { batchInsert, canBatchInsert, type NewRow } from './batch-insert';
import { inPlaceTakingGroupCommit, type BatchWriter, type Outcome } from './group-commit';

const bookingUid = 'api::training-booking.training-booking';

export interface NewBooking {
  /** The course's documentId. */
  course: string;
  kind: 'booking' | 'interest';
  sessionKey?: string;
  name: string;
  /** Lowered here, as every booking's is stored (lower-case-addresses.ts), so the group compares addresses as stored. */
  email: string;
  organisation?: string;
}

interface Item {
  booking: NewBooking;
  /** The e-mail to the booker, given the booking's documentId (for its cancel link); none for no e-mail. */
  receipt: (documentId: string) => Notice | undefined;
}

const rowOf = (booking: NewBooking): NewRow => ({
  uid: bookingUid,
  data: { kind: booking.kind, sessionKey: booking.sessionKey ?? null, name: booking.name, email: booking.email, organisation: booking.organisation ?? null, status: 'confirmed' },
  links: { course: booking.course },
});

const placeOf = (booking: NewBooking) => JSON.stringify([booking.course, booking.sessionKey ?? null, booking.email]);

/** The confirmed booking that holds `booking`'s place, stored before this group. */
async function heldBooking(strapi: Core.Strapi, booking: NewBooking): Promise<string | undefined> {
  const held = (await strapi.documents(bookingUid as never).findFirst({
    filters: { course: { documentId: booking.course }, sessionKey: booking.sessionKey, email: booking.email, status: 'confirmed', kind: 'booking' },
    fields: ['documentId'],
  } as never)) as { documentId: string } | null;
  return held?.documentId;
}

const bookings: BatchWriter<Item> = {
  async write(items) {
    const verdicts = await judgePlaces(
      strapi,
      items.map(({ booking }) => ({ courseId: booking.course, kind: booking.kind, key: booking.sessionKey, email: booking.email })),
    );
    const accepted = items.filter((_, index) => !verdicts[index]);
    const newIds = await batchInsert(accepted.map(({ booking }) => rowOf(booking)));
    const documentIds = new Map(accepted.map((item, index) => [item, newIds[index]!]));
    const placesGiven = new Map(accepted.filter(({ booking }) => booking.kind === 'booking').map((item) => [placeOf(item.booking), documentIds.get(item)!]));

    const outcomes: Outcome[] = [];
    const receipts: Notice[] = [];
    for (const [index, item] of items.entries()) {
      const refusal = verdicts[index];
      const documentId = refusal
        ? ruleIssues(refusal)?.email
          ? (placesGiven.get(placeOf(item.booking)) ?? (await heldBooking(strapi, item.booking)))
          : undefined
        : documentIds.get(item);
      if (!documentId) {
        outcomes.push({ ok: false, error: refusal });
        continue;
      }
      const receipt = item.receipt(documentId);
      if (receipt) receipts.push(receipt);
      outcomes.push({ ok: true, value: { documentId } });
    }
    await queueNotices(strapi, receipts);
    return outcomes;
  },
};

/**
 * Books a place (or registers interest), with the bookings waiting beside it, and queues its
 * receipt; a refusal is thrown as the places rule's ValidationError, by the field it is about.
 * Gives the documentId of the booking that holds the place.
 */
export function bookPlace(booking: NewBooking, receipt: Item['receipt']): Promise<{ documentId: string }> {
  const item: Item = { booking: { ...booking, email: booking.email.toLowerCase() }, receipt };
  // Bookings' fields are all of the row and their course a plain link; if the type grows past that, say so at once.
  if (!canBatchInsert(rowOf(booking))) throw new Error('training bookings can no longer be stored many to a statement: see forms/booking-batch.ts');
  const alone = async () => {
    const [outcome] = await bookings.write([item]);
    if (!outcome!.ok) throw outcome!.error;
    return outcome!.value as { documentId: string };
  };
  return inPlaceTakingGroupCommit(alone, { writer: bookings, item });
}
