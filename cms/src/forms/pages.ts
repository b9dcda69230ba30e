/**
 * The few pages the CMS itself shows visitors: the step between an e-mailed link and its effect.
 * Opening a link changes nothing (mail scanners open links); a button on the page does.
 * Nothing a visitor typed appears on them; the token is checked to be base64url before use.
 */
import { escapeHtml as e } from '@iro/content-types';
import { cmsPage } from './render';

export interface PageAction {
  /** Where the button posts. */
  action: string;
  button: string;
  /** A quieter button (a link-styled secondary action), e.g. "Delete my address". */
  secondary?: boolean;
}

export function actionPage(options: { title: string; lead: string; token: string; siteName: string; actions: PageAction[]; extraHtml?: string }): string {
  const buttons = options.actions
    .map(
      (item) => `<form method="post" action="${e(item.action)}">
<input type="hidden" name="token" value="${e(options.token)}">
<button type="submit"${item.secondary ? ' class="secondary"' : ''}>${e(item.button)}</button>
</form>`,
    )
    .join('\n');
  return cmsPage(
    `${options.title} – ${options.siteName}`,
    `<main>
<h1>${e(options.title)}</h1>
<p>${e(options.lead)}</p>
${options.extraHtml ?? ''}
${buttons}
</main>`,
  );
}
