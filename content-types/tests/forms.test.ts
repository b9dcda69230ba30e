import { describe, expect, test } from 'vitest';
import { errorTarget, formHtml, formSchema, forms, nominationForm, sessionChoices, trainingBookingForm, ukWallClock } from '../src/index.js';

describe('form input (what the CMS accepts from a form)', () => {
  test('a repeated group is a list of items, each checked against its own fields, within the component\'s bounds', () => {
    const schema = formSchema(nominationForm);
    const nominee = { name: 'Ann', email: 'ann@council.example', localAuthority: 'Bexley' };
    const good = { call: 'c1', region: 'r1', nominatorName: 'Rita', nominatorEmail: 'rita@council.example', nominees: [nominee, { ...nominee, role: '' }] };
    expect(schema.parse(good).nominees).toEqual([nominee, nominee]);
    const missingName = schema.safeParse({ ...good, nominees: [nominee, { ...nominee, name: '' }] });
    expect(missingName.error?.issues.map((issue) => issue.path)).toEqual([['nominees', 1, 'name']]);
    expect(schema.safeParse({ ...good, nominees: [{ ...nominee, admin: true }] }).success).toBe(false);
    expect(schema.safeParse({ ...good, nominees: Array.from({ length: 21 }, () => nominee) }).success).toBe(false);
    expect(schema.safeParse({ ...good, nominees: [] }).success).toBe(false);
  });

  test('a choice must be one of the stored field\'s values; an optional one may be left empty', () => {
    const schema = formSchema(trainingBookingForm);
    const good = { course: 'c1', kind: 'interest', name: 'Pat', email: 'pat@example.org' };
    expect(schema.parse({ ...good, sessionKey: '' }).sessionKey).toBeUndefined();
    expect(schema.safeParse({ ...good, kind: 'vip' }).success).toBe(false);
  });
});

describe('form markup (the same on the site and on the CMS\'s error page)', () => {
  test('what a visitor sent comes back as text, never as markup', () => {
    const html = formHtml({
      form: forms.enquiry,
      action: '/api/forms/enquiry',
      idPrefix: 'field',
      values: { name: '"><script>alert(1)</script>', message: '</textarea><img src=x onerror=alert(1)>' },
      errors: { name: '<b>bad</b>' },
    });
    expect(html).not.toMatch(/<script>|<img|<b>/);
    expect(html).toContain('value="&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(html).toContain('&lt;/textarea&gt;&lt;img src=x onerror=alert(1)&gt;</textarea>');
  });

  test('repeated groups are numbered fieldsets whose fields post as nested names', () => {
    const html = formHtml({ form: nominationForm, action: '/x', idPrefix: 'n', repeat: { nominees: 2 } });
    expect(html).toContain('<legend>Nominee 2</legend>');
    expect(html).toContain('name="nominees[1][localAuthority]"');
    expect(html).toContain('id="n-nominees-1-localAuthority"');
    expect(html).not.toContain('Nominee 3');
    // The group is a fieldset with its own legend; an error about it as a whole links to its first field.
    expect(html).toMatch(/<fieldset class="form-group" id="n-nominees"><legend>Nominees<\/legend>/);
    expect(errorTarget(nominationForm, 'n', 'nominees')).toBe('n-nominees-0-name');
    expect(errorTarget(nominationForm, 'n', 'nominees.1.email')).toBe('n-nominees-1-email');
    expect(errorTarget(nominationForm, 'n', 'call')).toBeUndefined();
  });

  test('radios are a fieldset with a legend, and nothing is chosen until the visitor chooses', () => {
    const choices = sessionChoices([{ date: '2099-01-01', startTime: '09:30:00.000', endTime: '13:00:00.000', format: 'online', bookingOpen: false }]);
    const html = formHtml({ form: trainingBookingForm, action: '/x', idPrefix: 'b', choices: { sessionKey: choices } });
    expect(html).toMatch(/<fieldset class="field field--radios"[^>]*><legend>Date<\/legend>/);
    expect(html).not.toContain(' checked');
    expect(html).toContain('Booking has closed: you can register your interest.');
    const chosen = formHtml({ form: trainingBookingForm, action: '/x', idPrefix: 'b', choices: { sessionKey: choices }, values: { sessionKey: '' } });
    expect(chosen).toMatch(/value="" checked/);
  });
});

describe('training dates on offer', () => {
  test('only sessions still to come, soonest first, then "A future date"', () => {
    const now = new Date('2027-03-05T10:00:00Z');
    expect(ukWallClock(now)).toBe('2027-03-05T10:00');
    const session = (date: string, startTime: string) => ({ date, startTime, endTime: '17:00:00.000', format: 'online' as const, bookingOpen: true });
    const values = sessionChoices([session('2027-04-01', '09:30:00.000'), session('2027-03-05', '09:30:00.000'), session('2027-03-05', '11:00:00.000')], now).map((choice) => choice.value);
    expect(values).toEqual(['2027-03-05T11:00', '2027-04-01T09:30', '']);
  });

  test('UK wall-clock time follows British Summer Time', () => {
    expect(ukWallClock(new Date('2027-07-01T08:30:00Z'))).toBe('2027-07-01T09:30');
  });
});
