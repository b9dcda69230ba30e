import type { APIRoute } from 'astro';
import { addCourseSessions, calendarResponse, newCalendar } from '../lib/calendar';
import { allCourses, siteSettings } from '../lib/content';

export const GET: APIRoute = async () => {
  const calendar = newCalendar(`${(await siteSettings()).shortName} training`);
  for (const course of await allCourses()) addCourseSessions(calendar, course);
  return calendarResponse(calendar);
};
