import type { FastifyRequest } from 'fastify';

/**
 * Where people reach Guardpost, for links in emails and OpenID redirects: GUARDPOST_PUBLIC_URL when set
 * (always in production), otherwise the address of this request, which is what a developer's browser used.
 */
export function publicBaseUrl(request: FastifyRequest): string {
  return request.server.config.publicUrl ?? `${request.protocol}://${request.host}`;
}
