import type { CheckContextCache } from '../checks/check-context.js';
import type { LinkExpansion } from '../checks/engine/links/short-links.js';
import type { ConnectorRegistry } from '../connectors/connector-registry.js';
import type { ModerationConnections } from '../moderation/moderation-connections.js';

// The domains' decorations of `app`, beside the platform's in platform/http/app-context.ts; declared here,
// above the domains, so the platform names none of them. Set once by buildApp.
declare module 'fastify' {
  interface FastifyInstance {
    /** The one check context cache of the process: roster index, block lists and consents per school. */
    checkContexts: CheckContextCache;
    /** Follows short links for POST /api/checks (production only, see app/link-expansion.ts); null offline. */
    shortLinkExpander: ((href: string) => Promise<LinkExpansion>) | null;
    /** How this process reaches connected accounts for moderation (the demo platform in memory, shared with the worker). */
    moderationConnections: ModerationConnections;
    /** The process's platform connectors (Mastodon, Bluesky, Meta, YouTube), built once. */
    connectors: ConnectorRegistry;
  }
}
