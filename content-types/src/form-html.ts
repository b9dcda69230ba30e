/**
 * The HTML of a visitors' form, drawn from its definition. The site's pages and the CMS's own
 * "there is a problem" page both use this one function, so a form looks and behaves the same
 * wherever it is shown. GOV.UK's patterns: a label and hint per field, radios in a fieldset with
 * a legend, the error message by the field and `aria-invalid`, an error summary linking to each
 * field. Every value a visitor sent is escaped: it only ever appears as text or an attribute.
 */
import { fillTimeField, honeypotField, valueAt, type Choice, type FormChoice, type FormDefinition, type FormField, type FormInput } from './form.js';

/** Text made safe to put in HTML, as element content or a quoted attribute value. */
export const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export interface FormHtmlOptions {
  form: FormDefinition;
  /** Where the form posts: the CMS's `/api/forms/<name>`. */
  action: string;
  /** Prefix of element ids, so two forms on one page do not clash: `follow` gives `follow-email`. */
  idPrefix: string;
  /** What the visitor typed (kept after an error), and the hidden fields' values. */
  values?: Record<string, unknown>;
  /** Messages by dotted field key (`email`, `nominees.1.localAuthority`). */
  errors?: Record<string, string>;
  /** Choices that come from content (regions, a course's dates), by field name. */
  choices?: Record<string, readonly Choice[]>;
  /** How many items each group shows, by field name (default: the group's minimum, else 1). */
  repeat?: Record<string, number>;
  /** The form's title as a heading of this level; none by default. */
  heading?: 2 | 3;
  /** Trusted HTML put just before the button (e.g. consent wording). */
  extraHtml?: string;
}

const e = escapeHtml;

/** The id of a field's control (the first radio of a group of radios), which error links point at. */
export const fieldId = (idPrefix: string, key: string) => `${idPrefix}-${key.replace(/\./g, '-')}`;
/** The name a browser posts a field under: `email`, `nominees[1][name]` (the CMS's body parser nests these). */
const fieldName = (key: string) => key.split('.').map((part, index) => (index === 0 ? part : `[${part}]`)).join('');

const textAt = (values: Record<string, unknown>, key: string) => {
  const value = valueAt(values, key);
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : '';
};

function describedBy(id: string, hint: boolean, error: boolean) {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids ? ` aria-describedby="${ids}"` : '';
}
const hintHtml = (id: string, hint?: string) => (hint ? `<p class="hint" id="${id}-hint">${e(hint)}</p>` : '');
const errorHtml = (id: string, error?: string) =>
  error ? `<p class="error-message" id="${id}-error"><span class="visually-hidden">Error:</span> ${e(error)}</p>` : '';
const lengthAttributes = (field: FormInput['field']) =>
  `${field.required ? ' required' : ''}${'maxLength' in field && field.maxLength ? ` maxlength="${field.maxLength}"` : ''}`;

function inputHtml(key: string, field: FormInput, options: Required<Pick<FormHtmlOptions, 'idPrefix' | 'values' | 'errors'>>): string {
  const id = fieldId(options.idPrefix, key);
  const error = options.errors[key];
  const value = textAt(options.values, key);
  if (field.control === 'hidden') return `<input type="hidden" name="${e(fieldName(key))}" value="${e(value)}">`;
  const common = `id="${id}" name="${e(fieldName(key))}"${describedBy(id, Boolean(field.hint), Boolean(error))}${error ? ' aria-invalid="true"' : ''}`;
  if (field.control === 'checkbox') {
    const ticked = valueAt(options.values, key);
    const checked = ticked === true || ticked === 'on' || ticked === 'true';
    return `<div class="field field--checkbox${error ? ' field--error' : ''}">${errorHtml(id, error)}<input type="checkbox" ${common}${checked ? ' checked' : ''}> <label for="${id}">${e(field.label)}</label>${hintHtml(id, field.hint)}</div>`;
  }
  const control =
    field.control === 'textarea'
      ? `<textarea ${common} rows="6"${lengthAttributes(field.field)}>${e(value)}</textarea>`
      : `<input type="${field.type ?? 'text'}" ${common} value="${e(value)}"${field.autocomplete ? ` autocomplete="${e(field.autocomplete)}"` : ''}${field.type === 'email' ? ' spellcheck="false"' : ''}${lengthAttributes(field.field)}>`;
  return `<div class="field${error ? ' field--error' : ''}"><label for="${id}">${e(field.label)}</label>${hintHtml(id, field.hint)}${errorHtml(id, error)}${control}</div>`;
}

function choiceHtml(key: string, field: FormChoice, choices: readonly Choice[], options: Required<Pick<FormHtmlOptions, 'idPrefix' | 'values' | 'errors'>>): string {
  const id = fieldId(options.idPrefix, key);
  const error = options.errors[key];
  // Nothing is chosen until the visitor chooses (GOV.UK: never pre-select), even a choice whose value is "".
  const selected = typeof valueAt(options.values, key) === 'string' ? textAt(options.values, key) : undefined;
  if (field.control === 'select') {
    const items = [`<option value="">Choose one</option>`, ...choices.map((choice) => `<option value="${e(choice.value)}"${choice.value === selected ? ' selected' : ''}>${e(choice.label)}</option>`)];
    return `<div class="field${error ? ' field--error' : ''}"><label for="${id}">${e(field.label)}</label>${hintHtml(id, field.hint)}${errorHtml(id, error)}<select id="${id}" name="${e(fieldName(key))}"${describedBy(id, Boolean(field.hint), Boolean(error))}${error ? ' aria-invalid="true"' : ''}${field.field.required ? ' required' : ''}>${items.join('')}</select></div>`;
  }
  // Radios: a fieldset whose legend is the question; the first radio carries the field's id.
  const radios = choices
    .map((choice, index) => {
      const radioId = index === 0 ? id : `${id}-${index + 1}`;
      const hint = choice.hint ? `<p class="hint" id="${radioId}-item-hint">${e(choice.hint)}</p>` : '';
      return `<div class="radio"><input type="radio" id="${radioId}" name="${e(fieldName(key))}" value="${e(choice.value)}"${choice.value === selected ? ' checked' : ''}${choice.hint ? ` aria-describedby="${radioId}-item-hint"` : ''}> <label for="${radioId}">${e(choice.label)}</label>${hint}</div>`;
    })
    .join('');
  return `<fieldset class="field field--radios${error ? ' field--error' : ''}"${describedBy(id, Boolean(field.hint), Boolean(error))}><legend>${e(field.label)}</legend>${hintHtml(id, field.hint)}${errorHtml(id, error)}${radios}</fieldset>`;
}

function fieldHtml(name: string, field: FormField, options: FormHtmlOptions & Required<Pick<FormHtmlOptions, 'values' | 'errors'>>): string {
  if (field.control === 'radios' || field.control === 'select') return choiceHtml(name, field, options.choices?.[name] ?? field.choices ?? [], options);
  if (field.control !== 'group') return inputHtml(name, field as FormInput, options);
  const sent = valueAt(options.values, name);
  const count = Math.max(options.repeat?.[name] ?? field.field.min ?? 1, Array.isArray(sent) ? sent.length : 0);
  const id = fieldId(options.idPrefix, name);
  const items = Array.from({ length: count }, (_, index) => {
    const inner = Object.entries(field.fields)
      .map(([sub, subField]) => inputHtml(`${name}.${index}.${sub}`, subField, options))
      .join('');
    return `<fieldset class="form-group-item"><legend>${e(field.itemLabel)} ${index + 1}</legend>${inner}</fieldset>`;
  }).join('');
  const error = options.errors[name];
  return `<fieldset class="form-group${error ? ' field--error' : ''}" id="${id}"${describedBy(id, Boolean(field.hint), Boolean(error))}><legend>${e(field.label)}</legend>${hintHtml(id, field.hint)}${errorHtml(id, error)}${items}</fieldset>`;
}

/**
 * Where an error about `key` is put right: the field's own control, or, for a message about a
 * repeated group as a whole (how many nominees), the group's first field.
 */
export function errorTarget(form: FormDefinition, idPrefix: string, key: string): string | undefined {
  const [top = '', ...rest] = key.split('.');
  const field = Object.hasOwn(form.fields, top) ? form.fields[top] : undefined;
  if (!field || field.control === 'hidden') return undefined;
  if (field.control === 'group' && rest.length === 0) return fieldId(idPrefix, `${top}.0.${Object.keys(field.fields)[0]}`);
  return fieldId(idPrefix, key);
}

/** The whole `<form>`: fields, honeypot, the fill time (the site's script sets it), any extra text, the button and the privacy note. */
export function formHtml(options: FormHtmlOptions): string {
  const { form, idPrefix } = options;
  const values = options.values ?? {};
  const errors = options.errors ?? {};
  const heading = options.heading ? `<h${options.heading} id="${idPrefix}-title">${e(form.title)}</h${options.heading}>` : '';
  const fields = Object.entries(form.fields)
    .map(([name, field]) => fieldHtml(name, field, { ...options, values, errors }))
    .join('\n');
  return `<form method="post" action="${e(options.action)}" class="cms-form" id="${idPrefix}-form" data-id-prefix="${idPrefix}" novalidate${heading ? ` aria-labelledby="${idPrefix}-title"` : ''}>
${heading}
${fields}
<div class="honeypot" aria-hidden="true"><label for="${idPrefix}-${honeypotField}">Leave this empty</label><input id="${idPrefix}-${honeypotField}" name="${honeypotField}" type="text" tabindex="-1" autocomplete="off"></div>
<input type="hidden" name="${fillTimeField}" value="" data-fill-time>
${options.extraHtml ?? ''}
<button class="button" type="submit">${e(form.submitLabel)}</button>
<p class="meta">${e(form.privacyNote)}</p>
</form>`;
}

/**
 * GOV.UK's error summary: "There is a problem" and a link to each field with a message. It takes
 * the focus when shown (`autofocus` without JavaScript), so screen readers announce it.
 */
export function errorSummaryHtml(options: { form: FormDefinition; idPrefix: string; errors: Record<string, string>; fallbackTarget: string }): string {
  const items = Object.entries(options.errors)
    .map(([key, message]) => `<li><a href="#${errorTarget(options.form, options.idPrefix, key) ?? options.fallbackTarget}">${e(message)}</a></li>`)
    .join('');
  return `<div class="error-summary" role="alert" aria-labelledby="${options.idPrefix}-error-summary-title" tabindex="-1" autofocus>
<h2 id="${options.idPrefix}-error-summary-title">There is a problem</h2>
<ul>${items}</ul>
</div>`;
}
