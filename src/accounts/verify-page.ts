import type { PublicVerification } from './accounts.service.js';

/** Escapes text for HTML content and attribute values. */
export function escapeHtml(value: string): string {
  return value
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}

export interface VerifyPageInput {
  school: { id: string; name: string };
  account: string;
  result: PublicVerification | undefined;
  /** The school named in the address, kept in the form so the answer stays about that school. */
  schoolParam: string | undefined;
}

/**
 * The public verification page, rendered on the server with no script, so it works without the web app
 * and a school website can link to it (`/verify?account=…`). Styles come from no inline CSS because the
 * content security policy forbids it; the page reads fine as plain HTML.
 */
export function renderVerifyPage(input: VerifyPageInput): string {
  const name = escapeHtml(input.school.name);
  const answer = input.result
    ? input.result.official
      ? `<section aria-live="polite"><h2>Yes</h2><p><strong>${escapeHtml(input.result.message)}</strong>.</p><ul>${input.result.matches
          .map(
            (m) =>
              `<li>${escapeHtml(m.platformName)}: ${escapeHtml(m.account)}${
                m.profileUrl
                  ? ` (<a href="${escapeHtml(m.profileUrl)}" rel="nofollow noopener">${escapeHtml(m.profileUrl)}</a>)`
                  : ''
              }</li>`,
          )
          .join('')}</ul></section>`
      : `<section aria-live="polite"><h2>No</h2><p><strong>${escapeHtml(input.result.message)}</strong>.</p><p>If an account says it speaks for ${name} and is not listed here, do not trust it, and tell the school.</p></section>`
    : '';
  const hiddenSchool = input.schoolParam
    ? `<input type="hidden" name="school" value="${escapeHtml(input.schoolParam)}">`
    : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Is this an official ${name} account?</title>
</head>
<body>
<main>
<h1>Is this an official ${name} account?</h1>
<p>Paste the address or handle of a social media account to check whether ${name} has approved it as one of its official accounts.</p>
<form method="get" action="/verify">
<label for="account">Account address or handle</label>
<input id="account" name="account" type="text" required maxlength="500" autocomplete="off" value="${escapeHtml(input.account)}">
${hiddenSchool}<button type="submit">Check</button>
</form>
${answer}
</main>
</body>
</html>
`;
}

/** The verification page when the address names no school we know: plain words, no details. */
export function renderVerifyErrorPage(message: string): string {
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Account verification</title>
</head>
<body>
<main>
<h1>Account verification</h1>
<p>${escapeHtml(message)}</p>
</main>
</body>
</html>
`;
}
