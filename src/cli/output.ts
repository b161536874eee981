import { ConfigError } from '../platform/config.js';
import { isAppError } from '../platform/errors.js';

/** Exit codes every command keeps to: scripts and cron jobs branch on them. */
export const ExitCode = {
  ok: 0,
  /** The operation was refused or failed: bad input, not found, conflict. */
  failed: 1,
  /** The command could not run as given: bad configuration or bad usage. */
  usage: 2,
  /** A check the caller asked to fail on did fail (e.g. `policy status --fail-if-overdue`). */
  checkFailed: 3,
} as const;

export class CliExit extends Error {
  constructor(readonly exitCode: number) {
    super(`exit ${exitCode}`);
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(`${JSON.stringify(value, null, 2)}\n`);
}

export function printLine(line = ''): void {
  process.stdout.write(`${line}\n`);
}

/** Reports an error the way the CLI always does and returns the exit code it means. */
export function reportError(error: unknown, json: boolean): number {
  if (error instanceof CliExit) return error.exitCode;
  if (error instanceof ConfigError) {
    process.stderr.write(`guardpost: configuration error: ${error.message}\n`);
    if (json) printJson({ error: { code: 'InvalidConfig', message: error.message } });
    return ExitCode.usage;
  }
  if (isAppError(error)) {
    process.stderr.write(`guardpost: ${error.message} [${error.code}]\n`);
    for (const detail of error.details) process.stderr.write(`  ${detail}\n`);
    if (json) printJson({ error: { code: error.code, message: error.message, details: error.details } });
    return ExitCode.failed;
  }
  const message = error instanceof Error ? error.message : String(error);
  process.stderr.write(`guardpost: unexpected error: ${message}\n`);
  if (json) printJson({ error: { code: 'InternalError', message } });
  return ExitCode.failed;
}
