import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { httpStatusOf, isAppError } from '../platform/errors.js';
import { formatBytes } from '../platform/uploads/limits.js';

export interface ErrorBody {
  error: { code: string; message: string; details?: string[] };
}

/**
 * The one place errors become HTTP responses: typed errors keep their code and message, request
 * validation names each bad field, and anything unexpected is logged and answered without details.
 */
export function handleError(error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply): void {
  if (isAppError(error)) {
    const body: ErrorBody = { error: { code: error.code, message: error.message } };
    if (error.details.length > 0) body.error.details = [...error.details];
    void reply.status(httpStatusOf(error)).send(body);
    return;
  }
  if (hasZodFastifySchemaValidationErrors(error)) {
    const details = error.validation.map((v) => {
      const where = `${error.validationContext ?? 'request'}${v.instancePath.replaceAll('/', '.')}`;
      return `${where}: ${v.message ?? 'invalid'}`;
    });
    void reply
      .status(400)
      .send({ error: { code: 'InvalidRequest', message: details[0] ?? 'invalid request', details } });
    return;
  }
  if (isMalformedMultipart(error)) {
    void reply.status(400).send({
      error: { code: 'MultipartInvalid', message: `the form upload is malformed: ${error.message}` },
    });
    return;
  }
  const status = 'statusCode' in error && typeof error.statusCode === 'number' ? error.statusCode : 500;
  if ('code' in error && error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    // Fastify stops reading at the route's limit; say what the limit is, as every upload refusal does.
    const limit = request.routeOptions.bodyLimit ?? request.server.initialConfig.bodyLimit ?? 0;
    void reply.status(413).send({
      error: {
        code: 'RequestTooLarge',
        message: `the request is larger than ${formatBytes(limit)}, the limit for this request`,
      },
    });
    return;
  }
  if (status >= 400 && status < 500) {
    const code = 'code' in error && typeof error.code === 'string' ? error.code : 'BadRequest';
    void reply.status(status).send({ error: { code, message: error.message } });
    return;
  }
  request.log.error({ err: error }, 'unhandled error');
  void reply
    .status(500)
    .send({ error: { code: 'InternalError', message: 'Something went wrong on our side.' } });
}

/**
 * The multipart parser (busboy) rejects a truncated or malformed upload with a plain Error and no status;
 * it is the client's body that is wrong, so it is a 400, whichever route was reading the parts.
 */
const malformedMultipart =
  /^(Unexpected end of multipart data|Multipart: Boundary not found|Malformed part header|.+ terminated early due to unexpected end of multipart data)$/;

function isMalformedMultipart(error: Error): boolean {
  return !('statusCode' in error) && malformedMultipart.test(error.message);
}

/**
 * Errors the router raises before any route or hook runs (a path that is not valid percent-encoding, a
 * parameter too long): answered in the same shape as every other error, and never cached, since the
 * `onSend` hook that marks `/api` answers no-store does not run for them.
 */
export function handleFrameworkError(
  error: FastifyError,
  request: FastifyRequest,
  reply: FastifyReply,
): void {
  void reply.header('cache-control', 'no-store');
  handleError(error, request, reply);
}
