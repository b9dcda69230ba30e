/**
 * iCalendar (RFC 5545) feeds with ical-generator: UIDs stable across builds, DTSTAMP from the
 * entry's last update, times with TZID=Europe/London and its VTIMEZONE, CRLF and line folding
 * done by the library. Served as text/calendar.
 */
import ical, { ICalEventStatus, type ICalCalendar } from 'ical-generator';
import { getVtimezoneComponent } from '@touch4it/ical-timezones';
import { DateTime } from 'luxon';
import { sessionKey, type Entry } from '@iro/content-types';
import { SITE_URL, TIME_ZONE } from '../consts';
import { plainText } from './markdown';
import { absolute, urls } from './urls';

const uidDomain = new URL(SITE_URL).hostname;

/** ical-generator writes a plain Date's UTC clock under TZID; a zoned luxon DateTime it converts properly. */
const inUk = (iso: string) => DateTime.fromISO(iso, { zone: TIME_ZONE });
const ukWallClock = (date: string, time: string) => DateTime.fromISO(`${date}T${time.slice(0, 5)}`, { zone: TIME_ZONE });

export function newCalendar(name: string): ICalCalendar {
  return ical({
    name,
    prodId: { company: 'iro-network', product: 'site', language: 'EN' },
    timezone: { name: TIME_ZONE, generator: getVtimezoneComponent },
  });
}

const statusOf: Record<Entry<'event'>['eventStatus'], ICalEventStatus> = {
  scheduled: ICalEventStatus.CONFIRMED,
  postponed: ICalEventStatus.TENTATIVE,
  cancelled: ICalEventStatus.CANCELLED,
};

export function venueLine(venue: { name: string; address: string | null; postcode: string | null } | null): string | null {
  return venue ? [venue.name, venue.address, venue.postcode].filter(Boolean).join(', ') : null;
}

export function addEvent(calendar: ICalCalendar, event: Entry<'event'>): void {
  calendar.createEvent({
    id: `event-${event.documentId}@${uidDomain}`,
    stamp: new Date(event.updatedAt),
    start: inUk(event.startsAt),
    end: event.allDay || !event.endsAt ? null : inUk(event.endsAt),
    allDay: event.allDay,
    timezone: event.allDay ? null : TIME_ZONE,
    summary: event.eventStatus === 'cancelled' ? `Cancelled: ${event.title}` : event.title,
    description: [plainText(event.description), event.onlineNote, event.chair ? `Chair: ${event.chair}` : null]
      .filter(Boolean)
      .join('\n\n'),
    location: venueLine(event.venue) ?? event.onlineUrl ?? event.onlineNote ?? null,
    url: absolute(urls.event(event.slug)),
    status: statusOf[event.eventStatus],
  });
}

export function addCourseSessions(calendar: ICalCalendar, course: Entry<'training-course'>): void {
  for (const session of course.sessions) {
    calendar.createEvent({
      id: `training-${course.documentId}-${sessionKey(session)}@${uidDomain}`,
      stamp: new Date(course.updatedAt),
      start: ukWallClock(session.date, session.startTime),
      end: ukWallClock(session.date, session.endTime),
      timezone: TIME_ZONE,
      summary: course.title,
      description: [course.summary, course.facilitator ? `Facilitator: ${course.facilitator.name}` : null].filter(Boolean).join('\n\n'),
      location: session.format === 'online' ? 'Online' : venueLine(session.venue),
      url: absolute(urls.course(course.slug)),
      status: session.bookingOpen ? ICalEventStatus.CONFIRMED : ICalEventStatus.TENTATIVE,
    });
  }
}

/** The HTTP response for a calendar file. */
export function calendarResponse(calendar: ICalCalendar): Response {
  return new Response(calendar.toString(), { headers: { 'Content-Type': 'text/calendar; charset=utf-8' } });
}
