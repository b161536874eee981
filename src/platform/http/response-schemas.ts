import type { Readable } from 'node:stream';
import { z } from 'zod';

/**
 * Response declarations for answers that are not JSON, so the OpenAPI document (and the web client generated
 * from it) still knows every route's answer: a file in a given type, or a redirect.
 */

/** Bytes in the OpenAPI document (`format: binary`). */
export const binary = z.string().meta({ format: 'binary' }) as unknown as z.ZodType<Uint8Array | Readable>;

/** A file download or an image: the bytes in the given content type(s). */
export function fileResponse(description: string, ...contentTypes: [string, ...string[]]) {
  // Documented as binary; typed as what handlers send (bytes or a stream), which Fastify never serializes.
  const schema = binary;
  return {
    description,
    content: Object.fromEntries(contentTypes.map((type) => [type, { schema }])),
  };
}

/** A redirect: no body, the browser follows the Location header. */
export const redirectResponse = z.null().describe('Redirects the browser (see the Location header)');
