/**
 * The page a browser without JavaScript gets when a form has errors: the same form the site shows
 * (content-types' `formHtml`, from the same definition), with GOV.UK's patterns (an error summary
 * that takes the focus and links to each field, the message by the field, "Error:" before the
 * title) and what the visitor typed kept. Everything a visitor sent is escaped.
 */
import { errorSummaryHtml, escapeHtml as e, formHtml, type Choice, type FormDefinition } from '@iro/content-types';

export interface FormPageOptions {
  form: FormDefinition;
  /** Where the form posts (this CMS). */
  action: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  /** Choices that come from content, by field name. */
  choices?: Record<string, readonly Choice[]>;
  siteName: string;
  /** The page the visitor came from, to go back without sending. */
  backTo?: string;
  /** The site's address: links back go there. */
  siteUrl: string;
}

/** The look of the CMS's own pages: the site's colours and type, in a few rules (no files to fetch). */
export const pageStyle = `body{font-family:system-ui,sans-serif;font-size:1.0625rem;line-height:1.6;color:#1c1c1c;margin:0}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}
label,legend{display:block;font-weight:700}
.radio label,input[type=checkbox]+label{display:inline;font-weight:400}
input[type=text],input[type=email],textarea,select{font:inherit;width:100%;padding:.45rem;border:2px solid #1c1c1c;min-height:44px;box-sizing:border-box;background:#fff}
input[type=checkbox],input[type=radio]{width:24px;height:24px;vertical-align:middle}
fieldset{border:0;padding:0;margin:0 0 1.2rem}.form-group-item{border-left:4px solid #d0d7d6;padding-left:.9rem}
.radio{margin:.3rem 0}.radio .hint{margin-left:2rem}
.field{margin-bottom:1.2rem}.field--error{border-left:5px solid #b3261e;padding-left:.9rem}
.hint{color:#4a4a4a;margin:.1rem 0 .4rem}.error-message{color:#b3261e;font-weight:700;margin:0 0 .4rem}
.error-summary{border:5px solid #b3261e;padding:1rem 1.25rem;margin-bottom:1.5rem}.error-summary a{color:#b3261e;font-weight:700}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.honeypot{position:absolute;left:-9999px}
button{background:#0d5c52;color:#fff;border:0;border-bottom:3px solid #08423b;padding:.6rem 1.1rem;font:inherit;font-weight:600;min-height:44px;cursor:pointer}
button.secondary{background:#fff;color:#0d5c52;border:2px solid #0d5c52}form+form{margin-top:1rem}
a{color:#0b57a4}:focus-visible{outline:3px solid #1c1c1c;outline-offset:2px;box-shadow:0 0 0 5px #ffd43b}`;

/** Answers with one of the CMS's own pages: HTML, never cached (it may hold what a visitor typed, or a token). */
export function showPage(ctx: { type: string; body: unknown; set(name: string, value: string): void }, html: string): void {
  ctx.type = 'text/html; charset=utf-8';
  ctx.set('Cache-Control', 'no-store');
  ctx.body = html;
}

/** A whole page of the CMS's own, noindex, in the site's look. `bodyHtml` is trusted markup. */
export const cmsPage = (title: string, bodyHtml: string) => `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(title)}</title>
<style>
${pageStyle}
</style>
</head>
<body>
${bodyHtml}
</body>
</html>`;

export function renderFormPage(options: FormPageOptions): string {
  const { form } = options;
  const back = options.backTo && options.backTo.startsWith('/') && !options.backTo.startsWith('//') ? `${options.siteUrl}${options.backTo}` : options.siteUrl;
  const idPrefix = 'field';
  return cmsPage(
    `Error: ${form.title} – ${options.siteName}`,
    `<main id="form-top">
${errorSummaryHtml({ form, idPrefix, errors: options.errors, fallbackTarget: 'form-top' })}
<h1>${e(form.title)}</h1>
${formHtml({ form, action: options.action, idPrefix, values: options.values, errors: options.errors, choices: options.choices })}
<p><a href="${e(back)}">Go back without sending</a></p>
</main>`,
  );
}
