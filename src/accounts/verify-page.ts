import type { PublicVerification } from './verify-publicly.js';

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
  school: { id: string; name: string; website?: string | null };
  account: string;
  result: PublicVerification | undefined;
  /** The school named in the address, kept in the form so the answer stays about that school. */
  schoolParam: string | undefined;
}

/** Served at `verifyStylesheetPath`: the content security policy allows no inline style. Small and cached. */
export const verifyStylesheet = `:root{--text:#1b2430;--muted:#4a5666;--border:#cfd6df;--primary:#1d4f91;--yes:#067647;--yes-bg:#ecfdf3;--no:#b42318;--no-bg:#fdecea;--focus:#ffdd00;font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;line-height:1.5;color:var(--text);background:#f4f6f9}
*,*::before,*::after{box-sizing:border-box}
body{margin:0}
.school{background:var(--primary);color:#fff}
.school__inner,main,footer{max-width:40rem;margin:0 auto;padding:1rem}
.school__inner{display:flex;align-items:center;gap:.75rem}
.crest{flex:none;width:3rem;height:3rem;border-radius:50%;background:#fff;color:var(--primary);display:flex;align-items:center;justify-content:center;font-weight:700;font-size:1.1rem;border:3px solid #c9d8ee}
.school__name{margin:0;font-size:1.25rem;font-weight:700;overflow-wrap:anywhere}
.school__tag{margin:0;font-size:.95rem}
h1{font-size:1.5rem;line-height:1.25;margin:.5rem 0}
h2{font-size:1.25rem;margin:0 0 .5rem}
.card{background:#fff;border:1px solid var(--border);border-radius:8px;padding:1rem;margin:1rem 0}
label{display:block;font-weight:600;margin-bottom:.25rem}
.row{display:flex;flex-wrap:wrap;gap:.5rem}
input{flex:1 1 14rem;min-width:0;font:inherit;padding:.6rem .7rem;border:2px solid var(--muted);border-radius:6px}
button{font:inherit;font-weight:600;padding:.6rem 1.2rem;border:0;border-radius:6px;background:var(--primary);color:#fff;cursor:pointer}
input:focus,button:focus,a:focus{outline:3px solid var(--focus);outline-offset:2px}
.answer--yes{border-left:.5rem solid var(--yes);background:var(--yes-bg)}
.answer--no{border-left:.5rem solid var(--no);background:var(--no-bg)}
.answer--yes h2{color:#05603a}.answer--no h2{color:#7f1d14}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:.5rem 0 0}
dt{font-weight:600}dd{margin:0;overflow-wrap:anywhere}
a{color:var(--primary)}
.muted,footer{color:var(--muted);font-size:.95rem}
@media (max-width:30rem){dl{grid-template-columns:1fr}dd{margin-bottom:.5rem}}
`;

export const verifyStylesheetPath = '/verify/style.css';
export const verifyIconPath = '/verify/icon.svg';

/** The Guardpost shield, for the browser tab (the web app's own favicon may not be built). */
export const verifyIcon =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><title>Guardpost</title><path fill="#1d4f91" d="M16 2 4 7v8c0 7.5 5.1 13.2 12 15 6.9-1.8 12-7.5 12-15V7z"/><path fill="#fff" d="m14 20.6-4.3-4.3 1.8-1.8 2.5 2.5 6.5-6.5 1.8 1.8z"/></svg>';

/** Up to three initials of the school's name, shown in the crest's place until schools can upload one. */
function initialsOf(name: string): string {
  return name
    .split(/\s+/)
    .filter((word) => /^[A-Za-z0-9]/.test(word) && !['of', 'the', 'and'].includes(word.toLowerCase()))
    .slice(0, 3)
    .map((word) => word[0]?.toUpperCase() ?? '')
    .join('');
}

function page(title: string, schoolName: string | undefined, body: string): string {
  const header = schoolName
    ? `<header class="school"><div class="school__inner"><div class="crest" aria-hidden="true">${escapeHtml(initialsOf(schoolName))}</div><div><p class="school__name">${escapeHtml(schoolName)}</p><p class="school__tag">Official social media accounts</p></div></div></header>`
    : '';
  return `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="color-scheme" content="light">
<title>${title}</title>
<link rel="stylesheet" href="${verifyStylesheetPath}">
<link rel="icon" href="${verifyIconPath}" type="image/svg+xml">
</head>
<body>
${header}
<main>
${body}
</main>
<footer><p>Checked by Guardpost, which keeps the school's register of approved accounts.</p></footer>
</body>
</html>
`;
}

function reportAdvice(name: string, website: string | null | undefined): string {
  const tell =
    website && /^https?:\/\//.test(website)
      ? `tell ${name} through <a href="${escapeHtml(website)}">its website</a>`
      : `tell ${name}'s office`;
  return `<section class="card" aria-labelledby="report"><h2 id="report">Seen an account pretending to be the school?</h2><ol><li>Do not follow it, reply to it or share it.</li><li>Report it to the platform: use "Report" on the account's profile and choose impersonation.</li><li>Then ${tell}, with the account's address.</li></ol></section>`;
}

/**
 * The public verification page, rendered on the server with no script, so it works without the web app,
 * loads fast on a phone, and a school website can link to it (`/verify?account=…`). It answers with a clear
 * yes or no, says who runs an official account by role (never by name) and since when, and how to report a
 * fake. Its stylesheet is a separate small file because the content security policy forbids inline style.
 */
export function renderVerifyPage(input: VerifyPageInput): string {
  const name = escapeHtml(input.school.name);
  const asked = escapeHtml(input.account);
  const answer = input.result
    ? input.result.official
      ? `<section class="card answer answer--yes" aria-labelledby="answer"><h2 id="answer">Yes, this is an official ${name} account</h2>${input.result.matches
          .map(
            (m) =>
              `<dl><dt>Account</dt><dd>${escapeHtml(m.platformName)}: ${
                m.profileUrl
                  ? `<a href="${escapeHtml(m.profileUrl)}" rel="nofollow noopener">${escapeHtml(m.account)}</a>`
                  : escapeHtml(m.account)
              }</dd><dt>What it is for</dt><dd>${escapeHtml(m.purpose)}</dd><dt>Run by</dt><dd>${escapeHtml(m.runBy)} of ${name}</dd><dt>Approved on</dt><dd>${escapeHtml(formatLongDate(m.approvedOn))}</dd></dl>`,
          )
          .join('')}</section>`
      : `<section class="card answer answer--no" aria-labelledby="answer"><h2 id="answer">No, this is not an official ${name} account</h2><p>No account approved by ${name} matches “${asked}”. Check that you typed the whole address or handle. If an account says it speaks for ${name} and is not listed here, do not trust it.</p></section>`
    : '';
  const hiddenSchool = input.schoolParam
    ? `<input type="hidden" name="school" value="${escapeHtml(input.schoolParam)}">`
    : '';
  return page(
    `Is this an official ${name} account?`,
    input.school.name,
    `<h1>Is this an official ${name} account?</h1>
<p>Paste the address or handle of a social media account to check whether ${name} has approved it as one of its official accounts.</p>
<form class="card" method="get" action="/verify">
<label for="account">Account address or handle</label>
<div class="row"><input id="account" name="account" type="text" required maxlength="500" autocomplete="off" value="${asked}">
${hiddenSchool}<button type="submit">Check</button></div>
</form>
${answer}
${reportAdvice(name, input.school.website)}`,
  );
}

/** `2026-12-02` → `2 December 2026`; anything else as given. */
function formatLongDate(iso: string): string {
  const date = new Date(`${iso}T00:00:00Z`);
  return Number.isNaN(date.getTime())
    ? iso
    : new Intl.DateTimeFormat('en-GB', {
        day: 'numeric',
        month: 'long',
        year: 'numeric',
        timeZone: 'UTC',
      }).format(date);
}

/** The verification page when the address names no school we know: plain words, no details. */
export function renderVerifyErrorPage(message: string): string {
  return page(
    'Account verification',
    undefined,
    `<h1>Account verification</h1>\n<p>${escapeHtml(message)}</p>`,
  );
}
