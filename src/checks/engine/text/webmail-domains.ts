/**
 * Free webmail domains. An official school email address is never on one of these (policy clauses 1.5 and
 * 2.1), so a school cannot declare them as its own and accounts cannot be linked to them.
 */
export const webmailDomains: ReadonlySet<string> = new Set([
  'gmail.com',
  'googlemail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'outlook.com',
  'outlook.co.uk',
  'live.com',
  'live.co.uk',
  'msn.com',
  'yahoo.com',
  'yahoo.co.uk',
  'ymail.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'aol.co.uk',
  'btinternet.com',
  'sky.com',
  'talktalk.net',
  'virginmedia.com',
  'ntlworld.com',
  'protonmail.com',
  'proton.me',
  'gmx.com',
  'gmx.co.uk',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'tutanota.com',
]);

export function isWebmailDomain(domain: string): boolean {
  return webmailDomains.has(domain.trim().toLowerCase());
}
