// The list lives with the check engine, which needs it for the personal-channel rule (clauses 1.5, 1.6).
export { isWebmailDomain, webmailDomains } from '../checks/engine/text/webmail-domains.js';
