/**
 * One handler shape for every visitors' form: size limit, rate limit, validation against the
 * form's schema from content-types, the honeypot, then the form's own handling and storing. A
 * browser's form post gets a 303 to the thank-you page, or the form again with its errors; a
 * script gets JSON (201, or 400 with an error per field). Rules the Document Service middlewares
 * enforce (deadlines, places) come back the same way, as errors by the field they are about.
 * Bad input stores nothing; no input gets a 5xx from here.
 */
import { controlCharacterMessage, formFieldAt, formSchema, honeypotField, valueAt, type Choice, type FormDefinition } from '@iro/content-types';
import { ruleIssues } from '../document-rules/rule-support';
import { isBrowserForm, maxFormBytes, siteUrl, withinRateLimit, type FormContext } from './http';
import { formSettings } from './notify';
import { renderFormPage, showPage } from './render';

/** What a form's handler answers: accepted (with the site page to thank on), or refused with field errors. */
export type FormOutcome = { ok: true; thankYouPath: string; message: string } | { ok: false; errors: Record<string, string> };

/** A hidden field was wrong, or an entry it names is gone: the page was out of date or tampered with. */
export const pageSentWrongly = 'The page sent this form wrongly. Go back, reload the page and try again.';
/** A form over the size limit, or sent too often from one address: said above the form. */
export const formTooLarge = 'The form is too large to send.';
export const sentTooOften = 'You have sent this form too many times in a minute. Wait a minute and try again.';

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: unknown;
  minimum?: unknown;
  format?: string;
}

/** "your name" from "Your name"; "job title" from "Job title (optional)". */
const inSentence = (label: string) => label.replace(/ \(optional\)$/, '').replace(/^Your /, 'your ').replace(/^(\w)(\w*)/, (word) => (word === word.toUpperCase() ? word : word.toLowerCase()));

/** Messages people can act on, GOV.UK style ("Enter your name"), one per field, keyed by dotted path. */
export function friendlyErrors(form: FormDefinition, issues: readonly Issue[], values: unknown): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.map(String).join('.') || '(form)';
    if (errors[key]) continue;
    const found = formFieldAt(form, key);
    const group = Object.hasOwn(form.fields, String(issue.path[0])) ? form.fields[String(issue.path[0])] : undefined;
    if (!found && group?.control === 'group' && issue.path.length === 1) {
      const bound = Number(issue.code === 'too_small' ? issue.minimum : issue.maximum);
      const items = `${group.itemLabel.toLowerCase()}${bound === 1 ? '' : 's'}`;
      errors[key] = issue.code === 'too_small' ? `Give at least ${bound} ${items}` : issue.code === 'too_big' ? `Give at most ${bound} ${items}` : `Give the ${group.itemLabel.toLowerCase()}s asked for`;
      continue;
    }
    if (!found) {
      errors['(form)'] ??= issue.code === 'unrecognized_keys' ? 'The form sent something it does not have. Reload the page and try again.' : 'The form was sent wrongly. Reload the page and try again.';
      continue;
    }
    const { field } = found;
    const prefix = found.group ? `${found.group.field.itemLabel} ${found.group.index + 1}: ` : '';
    // What was sent there tells a field left empty from one filled in wrongly.
    const sent = valueAt(values, key);
    const missing = sent === undefined || sent === null || (typeof sent === 'string' && sent.trim() === '');
    let message: string;
    if (field.control === 'hidden') message = pageSentWrongly;
    else if ((field.control === 'radios' || field.control === 'select') && (missing || issue.code === 'invalid_value')) message = missing ? field.whenMissing : `${field.whenMissing} from the list`;
    else if (issue.code === 'invalid_format' && issue.format === 'email') message = 'Enter an e-mail address in the correct format, like name@example.org';
    else if (issue.message === controlCharacterMessage) message = `${field.label.replace(/ \(optional\)$/, '')} has a hidden character in it that cannot be stored: type it again rather than pasting it`;
    else if (issue.code === 'too_big') message = `${field.label.replace(/ \(optional\)$/, '')} must be ${String(issue.maximum)} characters or fewer`;
    else if (missing) message = `Enter ${inSentence(field.label)}`;
    else message = `Check ${inSentence(field.label)}`;
    errors[key] = prefix + message;
  }
  return errors;
}

export function formEndpoint<T extends Record<string, unknown>>(options: {
  form: FormDefinition;
  /** Thank-you page for a honeypot post (answered as if accepted). */
  thankYouPath: string;
  handle: (input: T, ctx: FormContext) => Promise<FormOutcome>;
  /** Where the visitor came from, from what they sent, to link back to. */
  backTo?: (input: Record<string, unknown>) => string | undefined | Promise<string | undefined>;
  /** Choices that come from content (regions, a course's dates), to draw the form again with its errors. */
  choices?: (input: Record<string, unknown>) => Promise<Record<string, readonly Choice[]>>;
}) {
  const schema = formSchema(options.form);
  const action = `/api/forms/${options.form.name}`;

  const refuse = async (ctx: FormContext, status: number, errors: Record<string, string>, values: Record<string, unknown>) => {
    if (!isBrowserForm(ctx)) {
      ctx.status = status;
      ctx.body = { errors };
      return;
    }
    const settings = await formSettings();
    ctx.status = status;
    showPage(ctx, renderFormPage({
      form: options.form,
      action,
      values,
      errors,
      choices: (await options.choices?.(values).catch(() => ({}))) ?? {},
      siteName: settings.shortName,
      siteUrl: siteUrl(),
      backTo: await Promise.resolve(options.backTo?.(values)).catch(() => undefined),
    }));
  };

  return async (ctx: FormContext) => {
    const raw = (ctx.request.body ?? {}) as Record<string, unknown>;
    const values = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
    if ((ctx.request.length ?? 0) > maxFormBytes) return refuse(ctx, 413, { '(form)': formTooLarge }, {});
    if (!(await withinRateLimit(ctx, options.form.name))) {
      return refuse(ctx, 429, { '(form)': sentTooOften }, values);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return refuse(ctx, 400, friendlyErrors(options.form, parsed.error.issues as readonly Issue[], values), values);
    const accepted = (outcome: { thankYouPath: string; message: string }) => {
      if (isBrowserForm(ctx)) {
        ctx.status = 303;
        ctx.redirect(`${siteUrl()}${outcome.thankYouPath}`);
      } else {
        ctx.status = 201;
        // `next`: the site page a script sends the visitor on to, as a browser is sent by the 303.
        ctx.body = { message: outcome.message, next: outcome.thankYouPath };
      }
    };
    // A filled honeypot is a bot: answered as a person would be, and nothing happens.
    if (parsed.data[honeypotField]) return accepted({ thankYouPath: options.thankYouPath, message: 'Thank you.' });
    let outcome: FormOutcome;
    try {
      outcome = await options.handle(parsed.data as T, ctx);
    } catch (error) {
      // A rule of the content (a deadline, a full session) refused what was sent: the visitor's to fix.
      const issues = ruleIssues(error);
      if (!issues) throw error;
      outcome = { ok: false, errors: issues };
    }
    if (!outcome.ok) return refuse(ctx, 400, outcome.errors, values);
    return accepted(outcome);
  };
}
