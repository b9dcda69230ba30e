/**
 * Comments on posts. Every comment is stored for editors and held until one approves it, unless
 * the site settings let people with an approved comment publish straight away. Spam checks need
 * no outside service: the honeypot (in every form), a minimum time to fill the form in, a limit
 * on links, and the moderation keyword list in the site settings (like WordPress's check_comment). "Do not publish" comments are
 * private messages to the editors and never appear. Approved comments are listed for the site's
 * build by `published`.
 */
import { commentForm, fillTimeField, sitePaths } from '@iro/content-types';
import { commentTarget, formSiteSettings } from '../../../forms/cached-reads';
import { insertInGroupCommit } from '../../../forms/group-commit';
import { formEndpoint, pageSentWrongly } from '../../../forms/endpoint';

/** More links than this marks a comment as spam (held, never published unless an editor says so). */
export const maxLinks = 2;
/** A comment sent sooner than this after its form was shown (the site's script measures it) is spam, held the same way. */
export const minSecondsToFill = 3;

interface CommentInput {
  /** Measured by the site's script; absent without JavaScript. */
  [fillTimeField]?: number;
  post: string;
  authorName: string;
  email: string;
  body: string;
  doNotPublish: boolean;
}

const comments = () => strapi.documents('api::comment.comment' as never) as any;

async function moderationStatus(input: CommentInput): Promise<'pending' | 'approved' | 'spam'> {
  const settings = await formSiteSettings();
  const text = `${input.authorName}\n${input.body}`.toLowerCase();
  if ((input.body.match(/https?:\/\/|www\./gi) ?? []).length > maxLinks) return 'spam';
  if (input[fillTimeField] !== undefined && input[fillTimeField] < minSecondsToFill) return 'spam';
  const keywords = (settings?.moderationKeywords ?? '').split('\n').map((word) => word.trim().toLowerCase()).filter(Boolean);
  if (keywords.some((word) => text.includes(word))) return 'spam';
  if (settings?.autoApproveReturningCommenters && !input.doNotPublish) {
    // Addresses are stored lowercased: "Cam@Example.org" is the same commenter as "cam@example.org".
    const approvedBefore = await comments().count({ filters: { email: input.email.toLowerCase(), status: 'approved' } });
    if (approvedBefore > 0) return 'approved';
  }
  return 'pending';
}

export default {
  submit: formEndpoint<CommentInput & Record<string, unknown>>({
    form: commentForm,
    thankYouPath: sitePaths.commentSent(),
    async handle(input) {
      const post = await commentTarget(input.post);
      if (!post) return { ok: false, errors: { post: pageSentWrongly } };
      if (!post.commentsOpen) return { ok: false, errors: { post: 'Comments are closed on this post.' } };
      const status = await moderationStatus(input);
      await insertInGroupCommit({
        uid: 'api::comment.comment',
        data: { authorName: input.authorName, email: input.email.toLowerCase(), body: input.body, doNotPublish: input.doNotPublish, status },
        links: { post: input.post },
      });
      return {
        ok: true,
        thankYouPath: sitePaths.commentSent(),
        message: input.doNotPublish
          ? 'Thank you: your message has been sent to the editors and will not be published.'
          : 'Thank you: your comment will appear once an editor has approved it.',
      };
    },
  }),

  /** Approved comments that may be published, for the site's build: name, text, date and post only. */
  async published(ctx: { query: Record<string, unknown>; body: unknown; set(name: string, value: string): void }) {
    const page = Math.max(1, Number(ctx.query.page) || 1);
    const pageSize = 100;
    const filters = { status: 'approved', doNotPublish: false };
    const [rows, total] = await Promise.all([
      comments().findMany({ filters, populate: { post: { fields: ['slug'] } }, sort: 'createdAt:asc', limit: pageSize, start: (page - 1) * pageSize }),
      comments().count({ filters }),
    ]);
    ctx.set('Cache-Control', 'no-cache');
    ctx.body = {
      data: rows
        .filter((row: { post?: { slug?: string } | null }) => row.post?.slug)
        .map((row: { post: { slug: string }; authorName: string; body: string; createdAt: string }) => ({
          post: row.post.slug,
          authorName: row.authorName,
          body: row.body,
          createdAt: row.createdAt,
        })),
      meta: { pagination: { page, pageSize, pageCount: Math.ceil(total / pageSize), total } },
    };
  },
};
