import { followForm, formSchema } from '@iro/content-types';

/** The follow form's input, from its definition in content-types (the same the site renders). */
export const followInput = formSchema(followForm);
