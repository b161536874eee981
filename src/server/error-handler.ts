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
