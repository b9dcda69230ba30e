/**
 * The vocabulary of visitors' forms. A form definition is the single source for the form the site
 * renders (labels, hints, autocomplete) and the input the CMS accepts (`formSchema`): each field's
 * constraints come from the content definition it is stored in, so a value the form accepts is one
 * the CMS can store.
 */
import { z } from 'zod';
import { valueSchema } from './input-schema.js';
import type { Field } from './model.js';

export interface FormField {
  /** The visible label. */
  readonly label: string;
  /** Help shown under the label. */
  readonly hint?: string;
  /** The HTML autocomplete token, e.g. "email". */
  readonly autocomplete?: string;
  /** How it is entered: a text box, a text area, a tick box, or hidden (set by the page). */
  readonly control: 'input' | 'textarea' | 'checkbox' | 'hidden';
  /** For a text box: the HTML input type ("email", "text"). */
  readonly type?: 'email' | 'text';
  /** The stored field whose constraints the value must meet. */
  readonly field: Field;
}

export interface FormDefinition<F extends Readonly<Record<string, FormField>> = Readonly<Record<string, FormField>>> {
  /** kebab-case; the CMS route is /api/forms/<name>. */
  readonly name: string;
  readonly title: string;
  readonly submitLabel: string;
  readonly fields: F;
  /** What is stored and why, shown next to the form. */
  readonly privacyNote: string;
}

export const defineForm = <const F extends Readonly<Record<string, FormField>>>(definition: FormDefinition<F>) => definition;

/**
 * Name of the honeypot field every form carries: hidden from people (and from assistive
 * technology), filled in by naive bots. A post with it filled is dropped silently.
 */
export const honeypotField = 'website';

/** The zod schema of a form's input. Strict: unknown fields are an error. The honeypot may be present. */
export function formSchema(form: FormDefinition) {
  const shape: Record<string, z.ZodType> = { [honeypotField]: z.string().max(200).optional() };
  for (const [name, formField] of Object.entries(form.fields)) {
    if (formField.control === 'checkbox') {
      // A browser sends a ticked box as "on" and leaves an unticked one out.
      shape[name] = z
        .union([z.boolean(), z.enum(['on', 'true', 'false'])])
        .optional()
        .transform((value) => value === true || value === 'on' || value === 'true');
      continue;
    }
    const schema = valueSchema(formField.field);
    if (!schema) throw new Error(`${form.name}.${name}: a ${formField.field.kind} field cannot be a form field`);
    // An empty optional box arrives as "": the same as not filled in.
    shape[name] = formField.field.required ? schema : z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
  }
  return z.strictObject(shape);
}
