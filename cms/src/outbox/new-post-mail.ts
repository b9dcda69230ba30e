/**
 * The e-mail a follower gets when a post is first published: the post's title, excerpt and link,
 * the unsubscribe link and RFC 2369/8058 List-Unsubscribe headers, the link to the follower's own
 * page (manage), a plain-text part and an HTML
 * part in which every value is escaped (titles come from editors, but they are text, not markup).
 * From and Reply-To are the e-mail plugin's defaults (MAIL_FROM, MAIL_REPLY_TO).
 */
import { escapeHtml, sitePaths } from '@iro/content-types';

/** What the post's e-mail says: the text stored when the post was first published. */
export interface NewPost {
  postDocumentId: string;
  title: string;
  slug: string;
  excerpt: string | null;
}

export interface NewPostMail {
  to: string;
  subject: string;
  text: string;
  html: string;
  headers: Record<string, string>;
  messageId: string;
}

/**
 * A Message-ID that is the same every time this post goes to this follower, so if a crash ever
 * makes the outbox send it again, the copy is recognisably the same message (and mail systems
 * that remove duplicates by Message-ID do).
 */
export const newPostMessageId = (post: { postDocumentId: string }, subscriberDocumentId: string, siteUrl: string) =>
  `<post-${post.postDocumentId}.${subscriberDocumentId}@${new URL(siteUrl).hostname}>`;

export function newPostMail(options: {
  post: NewPost;
  to: string;
  subscriberDocumentId: string;
  siteName: string;
  siteUrl: string;
  unsubscribe: { url: string; headers: Record<string, string> };
  /** The follower's own page: stop, start again, delete their address. */
  manage: string;
}): NewPostMail {
  const { post, siteName, unsubscribe } = options;
  const link = `${options.siteUrl}${sitePaths.post(post.slug)}`;
  const excerpt = post.excerpt?.trim() ?? '';
  const e = escapeHtml;
  const text = [
    post.title,
    '',
    ...(excerpt ? [excerpt, ''] : []),
    `Read it on ${siteName}: ${link}`,
    '',
    '--',
    `You follow ${siteName} by e-mail, so we let you know when something new is posted.`,
    `To stop these e-mails, open this link and press the button: ${unsubscribe.url}`,
    `Your e-mails from us, and deleting your address: ${options.manage}`,
    '',
  ].join('\n');
  const html = `<!doctype html>
<html lang="en-GB">
<head><meta charset="utf-8"><title>${e(post.title)}</title></head>
<body style="font-family:system-ui,sans-serif;font-size:17px;line-height:1.6;color:#1c1c1c">
<h1 style="font-size:1.4em">${e(post.title)}</h1>
${excerpt ? `<p>${e(excerpt)}</p>\n` : ''}<p><a href="${e(link)}">Read it on ${e(siteName)}</a></p>
<hr>
<p style="font-size:.9em">You follow ${e(siteName)} by e-mail, so we let you know when something new is posted. <a href="${e(unsubscribe.url)}">Stop these e-mails</a> or <a href="${e(options.manage)}">manage them</a>.</p>
</body>
</html>`;
  return {
    to: options.to,
    // One line whatever an editor pasted: a line break in a header would start a new header.
    subject: post.title.replace(/\s+/g, ' ').trim(),
    text,
    html,
    headers: unsubscribe.headers,
    messageId: newPostMessageId(post, options.subscriberDocumentId, options.siteUrl),
  };
}
