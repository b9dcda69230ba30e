/**
 * Follow by e-mail: the follow form, the confirmation step and unsubscribing (a page with a
 * button, and RFC 8058 one-click from mail clients). Every answer to a follow is the same,
 * valid or already subscribed, so the form reveals nothing about an address.
 */
import { escapeHtml, followConsent, followForm, honeypotField, sitePaths } from '@iro/content-types';
import { formTooLarge, friendlyErrors, sentTooOften } from '../../../forms/endpoint';
import { isBrowserForm, maxFormBytes, respond, siteUrl, withinRateLimit, type FormContext } from '../../../forms/http';
import { actionPage } from '../../../forms/pages';
import { showPage } from '../../../forms/render';
import { looksLikeToken } from '../../../forms/tokens';
import { followInput } from './follow-validation';

const followService = () => strapi.service('api::subscriber.follow') as any;
const checkYourEmail = { message: 'Check your inbox: we have sent you a link to confirm.' };

/** The page behind an e-mailed link: its token in a form with one button (an unusable link goes to the site's "expired" page). */
const tokenPage = (page: { title: string; lead: string; action: string; button: string }) => async (ctx: FormContext) => {
  const token = ctx.query.token;
  if (!looksLikeToken(token)) return ctx.redirect(`${siteUrl()}${sitePaths.followLinkExpired()}`);
  showPage(ctx, actionPage({ title: page.title, lead: page.lead, token, actions: [{ action: page.action, button: page.button }], siteName: await followService().siteName() }));
};

const manageActions = { stop: 'stop', restart: 'restart', delete: 'delete' } as const;

export default {
  async follow(ctx: FormContext) {
    // Errors by field, as every form answers, so the site's script shows them above the form.
    if ((ctx.request.length ?? 0) > maxFormBytes) return respond(ctx, 413, { errors: { '(form)': formTooLarge } }, sitePaths.followProblem());
    if (!(await withinRateLimit(ctx, 'follow'))) return respond(ctx, 429, { errors: { '(form)': sentTooOften } }, sitePaths.followProblem());
    const parsed = followInput.safeParse(ctx.request.body ?? {});
    if (!parsed.success) return respond(ctx, 400, { errors: friendlyErrors(followForm, parsed.error.issues, ctx.request.body) }, sitePaths.followProblem());
    // A filled honeypot is a bot: it gets the answer a person would, and nothing happens.
    if (!parsed.data[honeypotField]) await followService().follow(parsed.data, ctx.ip);
    return respond(ctx, 202, { ...checkYourEmail, next: sitePaths.followCheckEmail() }, sitePaths.followCheckEmail());
  },

  confirmPage: tokenPage({
    title: 'Confirm you want to follow by e-mail',
    lead: 'Press the button to start receiving an e-mail when something new is posted.',
    action: '/api/forms/follow/confirm',
    button: 'Confirm',
  }),

  async confirm(ctx: FormContext) {
    const token = (ctx.request.body as { token?: unknown } | undefined)?.token;
    const confirmed = looksLikeToken(token) && (await followService().confirm(token));
    if (confirmed) return respond(ctx, 200, { message: 'You are now following.' }, sitePaths.followConfirmed());
    return respond(ctx, 410, { error: 'This link has expired or was already used.' }, sitePaths.followLinkExpired());
  },

  unsubscribePage: tokenPage({
    title: 'Stop e-mails',
    lead: 'Press the button and we will not e-mail you about new posts again.',
    action: '/api/forms/unsubscribe',
    button: 'Unsubscribe',
  }),

  /**
   * The button on the page (token in the form), or a mail client's RFC 8058 one-click POST
   * (token in the URL, body `List-Unsubscribe=One-Click`, no cookie, no login).
   */
  async unsubscribe(ctx: FormContext) {
    const body = (ctx.request.body ?? {}) as { token?: unknown; 'List-Unsubscribe'?: unknown };
    const oneClick = body['List-Unsubscribe'] === 'One-Click';
    const token = oneClick ? ctx.query.token : (body.token ?? ctx.query.token);
    const done = looksLikeToken(token) && (await followService().unsubscribe(token));
    if (oneClick || !isBrowserForm(ctx)) {
      ctx.status = done ? 200 : 400;
      ctx.body = done ? { message: 'Unsubscribed.' } : { error: 'This unsubscribe link is not valid.' };
      return;
    }
    return respond(ctx, done ? 200 : 400, {}, done ? sitePaths.followUnsubscribed() : sitePaths.followLinkExpired());
  },

  /** A subscriber's own page, from the link in every e-mail: where they stand, and buttons to change it. */
  async managePage(ctx: FormContext) {
    const token = ctx.query.token;
    const subscriber = looksLikeToken(token) ? await followService().byManageToken(token) : null;
    if (!subscriber) return ctx.redirect(`${siteUrl()}${sitePaths.followLinkExpired()}`);
    const following = subscriber.status === 'confirmed';
    const action = (name: keyof typeof manageActions) => `/api/forms/manage/${name}`;
    showPage(
      ctx,
      actionPage({
        title: 'Your e-mails from us',
        lead: following
          ? `${subscriber.email} gets an e-mail when something new is posted.`
          : `${subscriber.email} does not get e-mails from us at the moment.`,
        token: token as string,
        siteName: await followService().siteName(),
        extraHtml: following ? '' : `<p>${escapeHtml(followConsent.text)}</p>`,
        actions: [
          following ? { action: action('stop'), button: 'Stop e-mails' } : { action: action('restart'), button: 'Start e-mails again' },
          { action: action('delete'), button: 'Delete my address', secondary: true },
        ],
      }),
    );
  },

  /** The manage page's buttons: POST /api/forms/manage/<stop|restart|delete> with the token. */
  async manage(ctx: FormContext & { params: { action?: string } }) {
    const token = (ctx.request.body as { token?: unknown } | undefined)?.token;
    const name = ctx.params.action as keyof typeof manageActions;
    if (!Object.hasOwn(manageActions, name)) return respond(ctx, 404, { error: 'No such action.' }, sitePaths.followProblem());
    const done = looksLikeToken(token) && (await followService().manage(token, manageActions[name], ctx.ip));
    if (!done) return respond(ctx, 400, { error: 'This link is not valid.' }, sitePaths.followLinkExpired());
    // Starting again is confirmed by e-mail, as the first follow was.
    const landing = { stop: sitePaths.followUnsubscribed(), restart: sitePaths.followCheckEmail(), delete: sitePaths.followDeleted() }[name];
    return respond(ctx, 200, { message: 'Done.' }, landing);
  },

  async followers(ctx: FormContext) {
    ctx.set('Cache-Control', 'public, max-age=300');
    ctx.body = { followers: await followService().followerCount() };
  },
};
