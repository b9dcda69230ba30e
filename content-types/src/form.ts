/**
 * The vocabulary of visitors' forms. A form definition is the single source for the form the site
 * renders (labels, hints, autocomplete) and the input the CMS accepts (`formSchema`): each field's
 * constraints come from the content definition it is stored in, so a value the form accepts is one
 * the CMS can store.
 */
import { z } from 'zod';
import { valueSchema } from './input-schema.js';
import type { ComponentField, Field } from './model.js';

/** One choice of a radio group or a drop-down: the value stored and what people read. */
export interface Choice {
  readonly value: string;
  readonly label: string;
  /** Extra words under the label, e.g. that booking has closed for a date. */
  readonly hint?: string;
}

interface FormFieldBase {
  /** The visible label (a group's legend). */
  readonly label: string;
  /** Help shown under the label. */
  readonly hint?: string;
}

export interface FormInput extends FormFieldBase {
  /** How it is entered: a text box, a text area, a tick box, or hidden (set by the page). */
  readonly control: 'input' | 'textarea' | 'checkbox' | 'hidden';
  /** For a text box: the HTML input type ("email", "text"). */
  readonly type?: 'email' | 'text';
  /** The HTML autocomplete token, e.g. "email". */
  readonly autocomplete?: string;
  /** The stored field whose constraints the value must meet. */
  readonly field: Field;
}

export interface FormChoice extends FormFieldBase {
  /** Radio buttons (GOV.UK's default for a few choices) or a drop-down (for many). */
  readonly control: 'radios' | 'select';
  /** The stored field whose constraints the value must meet. */
  readonly field: Field;
  /**
   * The choices, when they are fixed (an enumeration's values with their labels). Choices that
   * come from content (regions, a course's dates) are given by whoever draws the form.
   */
  readonly choices?: readonly Choice[];
  /** The error when nothing is chosen, GOV.UK style: "Choose the region nominating". */
  readonly whenMissing: string;
}

/** A set of fields repeated for each item of a repeatable component, e.g. each nominee. */
export interface FormGroup extends FormFieldBase {
  readonly control: 'group';
  /** What one item is called, numbered in legends and messages: "Nominee" → "Nominee 2". */
  readonly itemLabel: string;
  /** The stored repeatable component; its min and max bound the number of items. */
  readonly field: ComponentField & { readonly repeatable: true };
  readonly fields: Readonly<Record<string, FormInput>>;
}

export type FormField = FormInput | FormChoice | FormGroup;

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

/**
 * Name of the field the site's script adds to every form it sends: the seconds from the form
 * being shown to its being sent (`formHtml` draws it empty). Bots fill a form in an instant; people
 * take a while. Empty without JavaScript (nothing is judged then). The comment form holds a comment sent too fast as
 * spam (cms/src/api/comment/controllers/comment-form.ts).
 */
export const fillTimeField = 'secondsToFill';

function inputSchema(form: FormDefinition, name: string, formField: FormInput | FormChoice): z.ZodType {
  if (formField.control === 'checkbox') {
    // A browser sends a ticked box as "on" and leaves an unticked one out.
    return z
      .union([z.boolean(), z.enum(['on', 'true', 'false'])])
      .optional()
      .transform((value) => value === true || value === 'on' || value === 'true');
  }
  const schema = valueSchema(formField.field);
  if (!schema) throw new Error(`${form.name}.${name}: a ${formField.field.kind} field cannot be a form field`);
  // An empty optional box arrives as "": the same as not filled in.
  return formField.field.required ? schema : z.preprocess((value) => (value === '' ? undefined : value), schema.optional());
}

/** The zod schema of a form's input. Strict: unknown fields are an error. The honeypot and the fill time may be present. */
export function formSchema(form: FormDefinition) {
  const shape: Record<string, z.ZodType> = {
    [honeypotField]: z.string().max(200).optional(),
    // A number in JSON, its text in a form post.
    [fillTimeField]: z.preprocess(
      (value) => (value === '' ? undefined : value),
      z.union([z.number().nonnegative().max(1e7), z.string().regex(/^\d{1,7}(\.\d{1,3})?$/).transform(Number)]).optional(),
    ),
  };
  for (const [name, formField] of Object.entries(form.fields)) {
    if (formField.control !== 'group') {
      shape[name] = inputSchema(form, name, formField);
      continue;
    }
    const item = z.strictObject(
      Object.fromEntries(Object.entries(formField.fields).map(([key, sub]) => [key, inputSchema(form, `${name}.${key}`, sub)])),
    );
    let items = z.array(item);
    if (formField.field.min !== undefined) items = items.min(formField.field.min);
    if (formField.field.max !== undefined) items = items.max(formField.field.max);
    shape[name] = items;
  }
  return z.strictObject(shape);
}

/** What a form's values hold at a dotted key (`nominees.1.name`), however they were sent. */
export function valueAt(values: unknown, key: string): unknown {
  let value = values;
  for (const part of key.split('.')) value = value && typeof value === 'object' ? (value as Record<string, unknown>)[part] : undefined;
  return value;
}

/** The form field a dotted error key names: `email`, or `nominees.1.localAuthority` inside a group. */
export function formFieldAt(form: FormDefinition, key: string): { field: FormInput | FormChoice; group?: { field: FormGroup; index: number } } | undefined {
  const [name = '', index, sub] = key.split('.');
  const top = Object.hasOwn(form.fields, name) ? form.fields[name] : undefined;
  if (!top) return undefined;
  if (top.control !== 'group') return index === undefined ? { field: top } : undefined;
  const inner = sub !== undefined && Object.hasOwn(top.fields, sub) ? top.fields[sub] : undefined;
  return inner && /^\d+$/.test(index ?? '') ? { field: inner, group: { field: top, index: Number(index) } } : undefined;
}
