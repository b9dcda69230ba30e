/**
 * The page a browser without JavaScript gets when a form has errors: the same form, drawn from
 * its definition in content-types, with GOV.UK's patterns (an error summary linking to each
 * field, the message by the field, "Error:" before the title) and what the visitor typed kept.
 * Everything a visitor sent is escaped; it only ever appears as text or an attribute value.
 */
import { honeypotField, type FormDefinition } from '@iro/content-types';

const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface FormPageOptions {
  form: FormDefinition;
  /** Where the form posts (this CMS). */
  action: string;
  values: Record<string, unknown>;
  errors: Record<string, string>;
  siteName: string;
  /** The page the visitor came from, to go back without sending. */
  backTo?: string;
  /** The site's address: links back go there. */
  siteUrl: string;
}

export function renderFormPage(options: FormPageOptions): string {
  const e = escapeHtml;
  const { form, values, errors } = options;
  const text = (name: string) => (typeof values[name] === 'string' ? (values[name] as string) : '');
  const fieldIds = Object.keys(form.fields).filter((name) => form.fields[name]!.control !== 'hidden');
  const summary = Object.entries(errors)
    .map(([name, message]) => {
      const target = fieldIds.includes(name) ? `#field-${name}` : `#form-top`;
      return `<li><a href="${target}">${e(message)}</a></li>`;
    })
    .join('');
  const fields = Object.entries(form.fields)
    .map(([name, field]) => {
      const error = errors[name];
      if (field.control === 'hidden') return `<input type="hidden" name="${e(name)}" value="${e(text(name))}">`;
      const described = [field.hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean).join(' ');
      const common = `id="field-${e(name)}" name="${e(name)}"${described ? ` aria-describedby="${described}"` : ''}${error ? ' aria-invalid="true"' : ''}`;
      const hint = field.hint ? `<p class="hint" id="hint-${e(name)}">${e(field.hint)}</p>` : '';
      const message = error ? `<p class="error-message" id="error-${e(name)}"><span class="visually-hidden">Error:</span> ${e(error)}</p>` : '';
      if (field.control === 'checkbox') {
        const checked = values[name] === true || values[name] === 'on' || values[name] === 'true';
        return `<div class="field${error ? ' field--error' : ''}">${message}<input type="checkbox" ${common}${checked ? ' checked' : ''}> <label for="field-${e(name)}">${e(field.label)}</label>${hint}</div>`;
      }
      const control =
        field.control === 'textarea'
          ? `<textarea ${common} rows="8">${e(text(name))}</textarea>`
          : `<input type="${field.type ?? 'text'}" ${common} value="${e(text(name))}"${field.autocomplete ? ` autocomplete="${e(field.autocomplete)}"` : ''}>`;
      return `<div class="field${error ? ' field--error' : ''}"><label for="field-${e(name)}">${e(field.label)}</label>${hint}${message}${control}</div>`;
    })
    .join('\n');
  const back = options.backTo && options.backTo.startsWith('/') && !options.backTo.startsWith('//') ? `${options.siteUrl}${options.backTo}` : options.siteUrl;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Error: ${e(form.title)} – ${e(options.siteName)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:1.0625rem;line-height:1.6;color:#1c1c1c;margin:0}
main{max-width:40rem;margin:2rem auto;padding:0 1rem}
label{display:block;font-weight:700}
input[type=checkbox]+label{display:inline;font-weight:400}
input[type=text],input[type=email],textarea{font:inherit;width:100%;padding:.45rem;border:2px solid #1c1c1c;min-height:44px;box-sizing:border-box}
input[type=checkbox]{width:24px;height:24px;vertical-align:middle}
.field{margin-bottom:1.2rem}.field--error{border-left:5px solid #b3261e;padding-left:.9rem}
.hint{color:#4a4a4a;margin:.1rem 0 .4rem}.error-message{color:#b3261e;font-weight:700;margin:0 0 .4rem}
.error-summary{border:5px solid #b3261e;padding:1rem 1.25rem;margin-bottom:1.5rem}.error-summary a{color:#b3261e;font-weight:700}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.honeypot{position:absolute;left:-9999px}
button{background:#0d5c52;color:#fff;border:0;border-bottom:3px solid #08423b;padding:.6rem 1.1rem;font:inherit;font-weight:600;min-height:44px;cursor:pointer}
a{color:#0b57a4}:focus-visible{outline:3px solid #1c1c1c;outline-offset:2px;box-shadow:0 0 0 5px #ffd43b}
</style>
</head>
<body>
<main id="form-top">
<div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex="-1" autofocus>
<h2 id="error-summary-title">There is a problem</h2>
<ul>${summary}</ul>
</div>
<h1>${e(form.title)}</h1>
<form method="post" action="${e(options.action)}" novalidate>
${fields}
<div class="honeypot" aria-hidden="true"><label for="field-${honeypotField}">Leave this empty</label><input id="field-${honeypotField}" name="${honeypotField}" type="text" tabindex="-1" autocomplete="off"></div>
<button type="submit">${e(form.submitLabel)}</button>
</form>
<p>${e(form.privacyNote)}</p>
<p><a href="${e(back)}">Go back without sending</a></p>
</main>
</body>
</html>`;
}
