/**
 * Progressive enhancement of the forms that post to the CMS. With JavaScript a form is sent in the
 * background (the CMS admits the site's origin by CORS) and its mistakes are shown on this page,
 * GOV.UK style: an error summary that takes the focus and links to each field, "Error:" before
 * the page title, the message by the field. Without JavaScript, or when the CMS cannot be reached
 * this way, the form posts as usual and the CMS answers with its own page: nothing depends on
 * this script. Messages are put in as text, never as markup (some quote what the visitor typed).
 */
const pageTitle = document.title;

interface Answer {
  next?: string;
  errors?: Record<string, string>;
}

/** A path on this site (never another site's address, however the answer came to name one). */
const isSitePath = (value: unknown): value is string => typeof value === 'string' && value.startsWith('/') && !value.startsWith('//');

/** The form's fields as the CMS reads a browser's post: `nominees[1][name]` becomes `{ nominees: [, { name }] }`. */
function formValues(form: HTMLFormElement): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const [name, value] of new FormData(form)) {
    if (typeof value !== 'string') continue;
    const path = name.replace(/\]/g, '').split('[');
    if (path.some((key) => key === '__proto__' || key === 'constructor' || key === 'prototype')) continue;
    let target = values as Record<string, unknown>;
    path.forEach((key, index) => {
      if (index === path.length - 1) target[key] = value;
      else target = (target[key] ??= /^\d+$/.test(path[index + 1]!) ? [] : {}) as Record<string, unknown>;
    });
  }
  return values;
}

function clearErrors(form: HTMLFormElement): void {
  const summary = form.previousElementSibling;
  if (summary?.matches('.error-summary[data-from-script]')) summary.remove();
  for (const message of form.querySelectorAll('.error-message[data-from-script]')) message.remove();
  for (const field of form.querySelectorAll('.field--error')) field.classList.remove('field--error');
  for (const control of form.querySelectorAll('[aria-invalid]')) {
    control.removeAttribute('aria-invalid');
    const describedBy = (control.getAttribute('aria-describedby') ?? '').split(' ').filter((id) => !id.endsWith('-error'));
    if (describedBy.length > 0) control.setAttribute('aria-describedby', describedBy.join(' '));
    else control.removeAttribute('aria-describedby');
  }
  document.title = pageTitle;
}

/**
 * The message under a field's label and hint, as the CMS's page and formHtml draw it. Returns the
 * id of what the summary links to: the control, or a group's first field (a fieldset takes no focus).
 */
function markField(form: HTMLFormElement, id: string, text: string): string | undefined {
  const control = form.querySelector<HTMLElement>(`#${CSS.escape(id)}`);
  if (!control) return undefined;
  const container = control.closest('.field, .form-group') ?? control.parentElement!;
  container.classList.add('field--error');
  const message = document.createElement('p');
  message.className = 'error-message';
  message.id = `${id}-error`;
  message.dataset.fromScript = '';
  const prefix = document.createElement('span');
  prefix.className = 'visually-hidden';
  prefix.textContent = 'Error:';
  message.append(prefix, ` ${text}`);
  // A group of nominees: before its first item; radios: after the legend and hint, before the first
  // choice; any other field: just above the control.
  const before = container.matches('.form-group') ? container.querySelector('fieldset') : container.matches('fieldset') ? container.querySelector('.radio') : control;
  (before ?? control).before(message);
  const target = container.matches('fieldset, .form-group') ? container : control;
  target.setAttribute('aria-describedby', [target.getAttribute('aria-describedby'), message.id].filter(Boolean).join(' '));
  if (!container.matches('fieldset, .form-group')) control.setAttribute('aria-invalid', 'true');
  return control.matches('fieldset') ? (control.querySelector('input, select, textarea')?.id ?? id) : id;
}

function showErrors(form: HTMLFormElement, errors: Record<string, string>): void {
  clearErrors(form);
  const prefix = form.dataset.idPrefix ?? '';
  const summary = document.createElement('div');
  summary.className = 'error-summary';
  summary.dataset.fromScript = '';
  summary.setAttribute('role', 'alert');
  summary.tabIndex = -1;
  const heading = document.createElement('h2');
  heading.textContent = 'There is a problem';
  heading.id = `${prefix}-error-summary-title`;
  summary.setAttribute('aria-labelledby', heading.id);
  const list = document.createElement('ul');
  for (const [key, text] of Object.entries(errors)) {
    const id = `${prefix}-${key.replace(/\./g, '-')}`;
    const link = document.createElement('a');
    link.href = `#${markField(form, id, text) ?? form.id}`;
    link.textContent = text;
    const item = document.createElement('li');
    item.append(link);
    list.append(item);
  }
  summary.append(heading, list);
  form.before(summary);
  document.title = `Error: ${pageTitle}`;
  summary.focus();
}

/** When each form was shown; its fill time goes with it, in the background post or the ordinary one. */
const shownAt = performance.now();

for (const form of document.querySelectorAll<HTMLFormElement>('form.cms-form')) {
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const fillTime = form.querySelector<HTMLInputElement>('input[data-fill-time]');
    if (fillTime) fillTime.value = ((performance.now() - shownAt) / 1000).toFixed(1);
    const button = form.querySelector<HTMLButtonElement>('button[type="submit"]');
    if (button?.disabled) return;
    if (button) button.disabled = true;
    let response: Response;
    try {
      // JSON, not the form's own encoding: a JSON post is preceded by a CORS check, so if the CMS
      // does not admit this origin nothing is sent, and the ordinary post below cannot send it twice.
      response = await fetch(form.action, {
        method: 'POST',
        body: JSON.stringify(formValues(form)),
        headers: { 'content-type': 'application/json', accept: 'application/json' },
        credentials: 'omit',
      });
    } catch {
      // Not sent (the origin refused, or the CMS out of reach): the ordinary post, answered by the CMS's own page.
      if (button) button.disabled = false;
      return HTMLFormElement.prototype.submit.call(form);
    }
    // Sent: whatever the answer, it is never sent again from here, which could store it twice.
    const answer = (await response.json().catch(() => ({}))) as Answer;
    if (button) button.disabled = false;
    if (response.ok) return location.assign(isSitePath(answer.next) ? answer.next : '/');
    showErrors(form, answer.errors ?? { '(form)': 'Something went wrong on our side, and your form may not have been sent. Try again in a few minutes.' });
  });
}
