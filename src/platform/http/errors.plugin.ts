import fp from 'fastify-plugin';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type FieldError } from '../errors.js';
import { statusFor, type ErrorCode } from '../../error-codes.js';
import { problemType, titleFor } from './problem.js';
import { fieldErrors } from './validation.js';

interface ProblemInput {
  status: number;
  code: string;
  detail: string;
  errors?: FieldError[] | undefined;
  extra?: Record<string, unknown> | undefined;
}

export function sendProblem(reply: FastifyReply, request: FastifyRequest, problem: ProblemInput): FastifyReply {
  return reply
    .code(problem.status)
    .type('application/problem+json')
    .send({
      type: problemType(problem.code),
      title: titleFor(problem.status),
      status: problem.status,
      detail: problem.detail,
      code: problem.code,
      instance: request.url,
      ...(problem.errors ? { errors: problem.errors } : {}),
      ...(problem.extra ?? {}),
    });
}

// Fastify's own 4xx errors, by code, as ours.
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'platform.invalid_json',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'platform.invalid_json',
  FST_ERR_CTP_BODY_TOO_LARGE: 'platform.payload_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'platform.unsupported_media_type',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'platform.validation_failed',
  FST_ERR_CTP_EMPTY_TYPE: 'platform.unsupported_media_type',
  FST_ERR_CTP_INVALID_TYPE: 'platform.unsupported_media_type',
};

/** One error handler for the whole app: every error leaves as problem+json; unknown ones say nothing inside. */
export const errorsPlugin = fp(async function errorsPlugin(app: FastifyInstance) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof AppError) {
      const status = statusFor(error.code);
      if (status >= 500) request.log.error({ err: error }, error.message);
      return sendProblem(reply, request, { status, code: error.code, detail: error.message, errors: error.errors, extra: error.extra });
    }
    if (error.validation) {
      const errors = fieldErrors(error.validation as never, error.validationContext);
      const detail = errors.map((e) => `${e.path} ${e.message}`).join('; ') || error.message;
      return sendProblem(reply, request, { status: 400, code: 'platform.validation_failed', detail, errors });
    }
    const mapped = error.code ? FASTIFY_CODES[error.code] : undefined;
    if (mapped) return sendProblem(reply, request, { status: statusFor(mapped), code: mapped, detail: error.message });
    if (error.statusCode === 429) {
      return sendProblem(reply, request, { status: 429, code: 'platform.rate_limited', detail: error.message || 'Too many requests; retry later' });
    }
    if (error instanceof SyntaxError) {
      return sendProblem(reply, request, { status: 400, code: 'platform.invalid_json', detail: `Body is not valid JSON: ${error.message}` });
    }
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      return sendProblem(reply, request, { status: error.statusCode, code: codeForStatus(error.statusCode), detail: error.message });
    }
    request.log.error({ err: error }, 'unhandled error');
    return sendProblem(reply, request, { status: 500, code: 'platform.internal', detail: 'An unexpected error occurred; it has been logged.' });
  });

  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, request, { status: 404, code: 'platform.not_found', detail: `No route ${request.method} ${request.url.split('?')[0]}` }),
  );
});

function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 401: return 'platform.unauthenticated';
    case 403: return 'platform.forbidden';
    case 404: return 'platform.not_found';
    case 405: return 'platform.method_not_allowed';
    case 409: return 'platform.conflict';
    case 413: return 'platform.payload_too_large';
    case 415: return 'platform.unsupported_media_type';
    case 422: return 'platform.unprocessable';
    default: return 'platform.validation_failed';
  }
}
