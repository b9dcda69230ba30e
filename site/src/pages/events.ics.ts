import type { APIRoute } from 'astro';
import { addEvent, calendarResponse, newCalendar } from '../lib/calendar';
import { allEvents, siteSettings } from '../lib/content';

export const GET: APIRoute = async () => {
  const calendar = newCalendar(`${(await siteSettings()).shortName} events`);
  for (const event of await allEvents()) addEvent(calendar, event);
  return calendarResponse(calendar);
};
