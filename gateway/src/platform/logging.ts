import { pino, type Logger } from 'pino';

let root: Logger | undefined;

export function logger(level?: string): Logger {
  root ??= pino({ level: level ?? process.env.LOG_LEVEL ?? 'info', base: { service: 'tmis-gateway' } });
  return root;
}
