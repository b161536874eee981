import { type Logger, pino } from 'pino';

export type { Logger };

/**
 * The one place loggers come from. Redaction paths keep safeguarding content and secrets out of logs even
 * when a whole object is logged by mistake.
 */
export function createLogger(level: string, destination?: NodeJS.WritableStream): Logger {
  const options = {
    level,
    base: { service: 'guardpost' },
    redact: {
      paths: [
        'password',
        '*.password',
        'totp',
        '*.totp',
        'req.headers.cookie',
        'req.headers.authorization',
        'res.headers["set-cookie"]',
        'narrative',
        '*.narrative',
        'childWords',
        '*.childWords',
      ],
      censor: '[redacted]',
    },
  };
  return destination ? pino(options, destination as pino.DestinationStream) : pino(options);
}
