/**
 * The few pages the CMS itself shows visitors: the step between an e-mailed link and its effect.
 * Opening a link changes nothing (mail scanners open links); the button on the page does.
 * Nothing a visitor typed appears on them; the token is checked to be base64url before use.
 */
const escapeHtml = (text: string) =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

export function actionPage(options: { title: string; lead: string; action: string; token: string; button: string; siteName: string }): string {
  const e = escapeHtml;
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>${e(options.title)} – ${e(options.siteName)}</title>
<style>
body{font-family:system-ui,sans-serif;font-size:1.0625rem;line-height:1.6;color:#1c1c1c;margin:0}
main{max-width:36rem;margin:3rem auto;padding:0 1rem}
button{background:#0d5c52;color:#fff;border:0;border-bottom:3px solid #08423b;padding:.6rem 1.1rem;font:inherit;font-weight:600;min-height:44px;cursor:pointer}
:focus-visible{outline:3px solid #1c1c1c;outline-offset:2px;box-shadow:0 0 0 5px #ffd43b}
</style>
</head>
<body>
<main>
<h1>${e(options.title)}</h1>
<p>${e(options.lead)}</p>
<form method="post" action="${e(options.action)}">
<input type="hidden" name="token" value="${e(options.token)}">
<button type="submit">${e(options.button)}</button>
</form>
</main>
</body>
</html>`;
}
