import type { APIRoute } from 'astro';
import { addEvent, calendarResponse, newCalendar } from '../../../lib/calendar';
import { allEvents, allRegions, type Region } from '../../../lib/content';

export async function getStaticPaths() {
  return (await allRegions()).map((region) => ({ params: { slug: region.slug }, props: { region } }));
}

export const GET: APIRoute = async ({ props }) => {
  const { region } = props as { region: Region };
  const calendar = newCalendar(`${region.name} events`);
  for (const event of await allEvents()) if (event.region?.slug === region.slug) addEvent(calendar, event);
  return calendarResponse(calendar);
};
