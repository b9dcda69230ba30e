import type { APIRoute } from 'astro';
import { addEvent, calendarResponse, newCalendar } from '../../lib/calendar';
import { allEvents, type Event } from '../../lib/content';

export async function getStaticPaths() {
  return (await allEvents()).map((event) => ({ params: { slug: event.slug }, props: { event } }));
}

export const GET: APIRoute = ({ props }) => {
  const { event } = props as { event: Event };
  const calendar = newCalendar(event.title);
  addEvent(calendar, event);
  return calendarResponse(calendar);
};
