import pino, { type Logger } from 'pino';

/** The process logger: JSON lines on stdout; request ids are added by Fastify per request. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.writeKey', '*.token'], censor: '[redacted]' },
  });
}
