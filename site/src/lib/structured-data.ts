/** schema.org JSON-LD for posts (Article), events (Event) and training (Course with CourseInstance). */
import type { Entry } from '@iro/content-types';
import { venueLine } from './calendar';
import { ukInstant } from './dates';
import { summary } from './markdown';
import { shareCardPath } from './share-cards';
import { absolute, urls } from './urls';

const organisation = (settings: Entry<'site-setting'>) => ({
  '@type': 'Organization',
  name: settings.organisationName,
  url: absolute('/'),
});

export function articleLd(post: Entry<'post'>, settings: Entry<'site-setting'>) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Article',
    headline: post.title,
    description: summary(post.excerpt, post.body),
    datePublished: post.date,
    dateModified: post.updatedAt,
    url: absolute(urls.post(post.slug)),
    image: absolute(shareCardPath(post, settings.shortName)),
    author: post.author ? { '@type': 'Person', name: post.author.name } : organisation(settings),
    publisher: organisation(settings),
    ...(post.source?.url ? { isBasedOn: post.source.url } : {}),
  };
}

const eventStatus = {
  scheduled: 'https://schema.org/EventScheduled',
  postponed: 'https://schema.org/EventPostponed',
  cancelled: 'https://schema.org/EventCancelled',
} as const;

export function eventLd(event: Entry<'event'>, settings: Entry<'site-setting'>) {
  const online = Boolean(event.onlineUrl || event.onlineNote);
  const place = event.venue
    ? { '@type': 'Place', name: event.venue.name, address: venueLine(event.venue) }
    : undefined;
  const virtual = online ? { '@type': 'VirtualLocation', url: event.onlineUrl ?? absolute(urls.event(event.slug)) } : undefined;
  return {
    '@context': 'https://schema.org',
    '@type': 'Event',
    name: event.title,
    description: summary(null, event.description),
    startDate: event.allDay ? event.startsAt.slice(0, 10) : event.startsAt,
    ...(event.endsAt && !event.allDay ? { endDate: event.endsAt } : {}),
    eventStatus: eventStatus[event.eventStatus],
    eventAttendanceMode:
      place && virtual
        ? 'https://schema.org/MixedEventAttendanceMode'
        : virtual
          ? 'https://schema.org/OnlineEventAttendanceMode'
          : 'https://schema.org/OfflineEventAttendanceMode',
    location: place && virtual ? [place, virtual] : (place ?? virtual ?? { '@type': 'Place', name: 'To be confirmed' }),
    organizer: event.organiser ? { '@type': 'Organization', name: event.organiser } : organisation(settings),
    url: absolute(urls.event(event.slug)),
  };
}

export function courseLd(course: Entry<'training-course'>, settings: Entry<'site-setting'>) {
  return {
    '@context': 'https://schema.org',
    '@type': 'Course',
    name: course.title,
    description: summary(course.summary, course.description),
    provider: organisation(settings),
    url: absolute(urls.course(course.slug)),
    hasCourseInstance: course.sessions.map((session) => ({
      '@type': 'CourseInstance',
      courseMode: session.format === 'online' ? 'online' : 'onsite',
      startDate: ukInstant(session.date, session.startTime).toISOString(),
      endDate: ukInstant(session.date, session.endTime).toISOString(),
      ...(course.facilitator ? { instructor: { '@type': 'Person', name: course.facilitator.name } } : {}),
      ...(session.venue ? { location: { '@type': 'Place', name: session.venue.name, address: venueLine(session.venue) } } : {}),
    })),
  };
}
