/**
 * One handler shape for every visitors' form: size limit, rate limit, validation against the
 * form's schema from content-types, the honeypot, then the form's own rules and storing. A
 * browser's form post gets a 303 to the thank-you page, or the form again with its errors; a
 * script gets JSON (201, or 400 with an error per field). Bad input stores nothing; no input
 * gets a 5xx from here.
 */
import { formSchema, honeypotField, type FormDefinition } from '@iro/content-types';
import { isBrowserForm, maxFormBytes, siteUrl, withinRateLimit, type FormContext } from './http';
import { renderFormPage } from './render';

/** What a form's handler answers: accepted (with the site page to thank on), or refused with field errors. */
export type FormOutcome = { ok: true; thankYouPath: string; message: string } | { ok: false; errors: Record<string, string> };

interface Issue {
  code: string;
  path: PropertyKey[];
  message: string;
  maximum?: unknown;
  format?: string;
  input?: unknown;
}

/** Messages people can act on, GOV.UK style ("Enter your name"), one per field. */
export function friendlyErrors(form: FormDefinition, issues: readonly Issue[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const name = String(issue.path[0] ?? '(form)');
    if (errors[name]) continue;
    const field = form.fields[name];
    if (!field) {
      errors['(form)'] = issue.code === 'unrecognized_keys' ? 'The form sent something it does not have. Reload the page and try again.' : issue.message;
      continue;
    }
    const label = field.label.replace(/^Your /, 'your ').toLowerCase();
    if (field.control === 'hidden') errors[name] = 'The page sent this form wrongly. Go back, reload the page and try again.';
    else if (issue.code === 'invalid_format' && issue.format === 'email') errors[name] = 'Enter an e-mail address in the correct format, like name@example.org';
    else if (issue.code === 'too_big') errors[name] = `${field.label} must be ${String(issue.maximum)} characters or fewer`;
    else if (issue.code === 'invalid_type' && issue.input === undefined) errors[name] = `Enter ${label}`;
    else if (issue.code === 'too_small') errors[name] = `Enter ${label}`;
    else errors[name] = `Check ${label}`;
  }
  return errors;
}

export function formEndpoint<T extends Record<string, unknown>>(options: {
  form: FormDefinition;
  /** Thank-you page for a honeypot post (answered as if accepted). */
  thankYouPath: string;
  handle: (input: T, ctx: FormContext) => Promise<FormOutcome>;
  /** Where the visitor came from, from the input, to link back to. */
  backTo?: (input: Record<string, unknown>) => string | undefined;
}) {
  const schema = formSchema(options.form);
  const action = `/api/forms/${options.form.name}`;

  const refuse = async (ctx: FormContext, status: number, errors: Record<string, string>, values: Record<string, unknown>) => {
    if (!isBrowserForm(ctx)) {
      ctx.status = status;
      ctx.body = { errors };
      return;
    }
    const settings = (await strapi.documents('api::site-setting.site-setting' as never).findFirst()) as { shortName?: string } | null;
    ctx.status = status;
    ctx.type = 'text/html; charset=utf-8';
    ctx.set('Cache-Control', 'no-store');
    ctx.body = renderFormPage({
      form: options.form,
      action,
      values,
      errors,
      siteName: settings?.shortName ?? 'the site',
      siteUrl: siteUrl(),
      backTo: options.backTo?.(values),
    });
  };

  return async (ctx: FormContext) => {
    const raw = (ctx.request.body ?? {}) as Record<string, unknown>;
    const values = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? raw : {};
    if ((ctx.request.length ?? 0) > maxFormBytes) return refuse(ctx, 413, { '(form)': 'The form is too large to send.' }, {});
    if (!(await withinRateLimit(ctx, options.form.name))) {
      return refuse(ctx, 429, { '(form)': 'You have sent this form too many times in a minute. Wait a minute and try again.' }, values);
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) return refuse(ctx, 400, friendlyErrors(options.form, parsed.error.issues as readonly Issue[]), values);
    const accepted = (outcome: { thankYouPath: string; message: string }) => {
      if (isBrowserForm(ctx)) {
        ctx.status = 303;
        ctx.redirect(`${siteUrl()}${outcome.thankYouPath}`);
      } else {
        ctx.status = 201;
        ctx.body = { message: outcome.message };
      }
    };
    // A filled honeypot is a bot: answered as a person would be, and nothing happens.
    if (parsed.data[honeypotField]) return accepted({ thankYouPath: options.thankYouPath, message: 'Thank you.' });
    const outcome = await options.handle(parsed.data as T, ctx);
    if (!outcome.ok) return refuse(ctx, 400, outcome.errors, values);
    return accepted(outcome);
  };
}
