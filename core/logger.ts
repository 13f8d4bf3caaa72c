import pino, { type Logger } from "pino";

export type { Logger };

/** A JSON logger (pino) named after the process role, e.g. `catalog` or `gateway`. */
export function createLogger(name: string, level: string = process.env.LOG_LEVEL ?? "info"): Logger {
  return pino({ name, level, base: { service: name } });
}
