/**
 * Typed errors with stable codes. Services throw these; the HTTP error handler and the CLI map the kind
 * to a status or exit code. Messages are for people; callers and tests branch on `code`.
 */
export type ErrorKind =
  | 'invalid'
  | 'not_found'
  | 'forbidden'
  | 'unauthenticated'
  | 'conflict'
  | 'rate_limited'
  | 'unavailable';

export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly code: string;
  readonly details: readonly string[];

  constructor(kind: ErrorKind, code: string, message: string, details: readonly string[] = []) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.code = code;
    this.details = details;
  }
}

export function invalid(code: string, message: string, details: readonly string[] = []): AppError {
  return new AppError('invalid', code, message, details);
}

export function notFound(code: string, message: string): AppError {
  return new AppError('not_found', code, message);
}

export function forbidden(code: string, message: string): AppError {
  return new AppError('forbidden', code, message);
}

export function unauthenticated(code: string, message: string): AppError {
  return new AppError('unauthenticated', code, message);
}

export function conflict(code: string, message: string): AppError {
  return new AppError('conflict', code, message);
}

export function rateLimited(code: string, message: string): AppError {
  return new AppError('rate_limited', code, message);
}

export function unavailable(code: string, message: string): AppError {
  return new AppError('unavailable', code, message);
}

export function isAppError(error: unknown): error is AppError {
  return error instanceof AppError;
}

const httpStatusByKind: Record<ErrorKind, number> = {
  invalid: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  rate_limited: 429,
  unavailable: 503,
};

export function httpStatusOf(error: AppError): number {
  return httpStatusByKind[error.kind];
}
