import pino, { type DestinationStream, type Logger } from 'pino';

/**
 * The process logger: JSON lines on stdout (or `destination`); request ids are added by Fastify per
 * request. Secrets a request may carry are censored wherever a log line holds them: bearer tokens,
 * cookies, passwords, write keys, and the shopper's mirror pass.
 */
export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["x-mirror-pass"]', '*.password', '*.writeKey', '*.token', '*.pass'], censor: '[redacted]' },
  };
  return destination ? pino(options, destination) : pino(options);
}
