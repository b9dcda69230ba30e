/**
 * Pages that depend on the date (upcoming events and training dates, whether a call for
 * nominations is open yet, "today" on the home page) are right as of their build. Publishing
 * rebuilds them; so that a quiet week does not leave last week's meeting under "Upcoming", the
 * builder also rebuilds once a day, a few minutes after midnight UK time. Those pages have no
 * cache key, so an ordinary incremental build renders them again.
 */
import { ukDate, ukWallClock } from '@iro/content-types';
import type { SiteBuilder } from './site-builder.js';

/** Minutes after midnight, so a build is not racing anything scheduled at midnight itself. */
const minutesPastMidnight = 5;

/** The UK clock's offset from UTC at an instant, in ms (0 in winter, one hour in summer). */
const ukOffsetMs = (instant: Date) => Date.parse(`${ukWallClock(instant)}Z`) - Math.floor(instant.getTime() / 60_000) * 60_000;

/** Milliseconds from `now` until 00:05 UK time on the next UK day. */
export function msUntilNextUkMidnight(now: Date): number {
  const [year, month, day] = ukDate(now).split('-').map(Number) as [number, number, number];
  const wallClock = Date.UTC(year, month - 1, day + 1, 0, minutesPastMidnight);
  // Clocks change at 01:00 UTC, so the offset an hour before that wall-clock time is the one it has.
  return wallClock - ukOffsetMs(new Date(wallClock - 60 * 60 * 1000)) - now.getTime();
}

/** Asks `builder` for a build every night; `stop()` cancels the next one. */
export function rebuildDaily(builder: Pick<SiteBuilder, 'request'>, log: (line: string) => void = () => {}): { stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    timer = setTimeout(() => {
      log('the date has moved on: rebuilding pages that depend on it');
      builder.request('daily rebuild (upcoming events, training dates, open calls)', Date.now(), 'changes');
      schedule();
    }, msUntilNextUkMidnight(new Date()));
    // The timer alone never keeps the process running.
    timer.unref();
  };
  schedule();
  return { stop: () => clearTimeout(timer) };
}
