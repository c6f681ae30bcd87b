import { WasmlpError, describe } from '../errors.js';

/** Where and how to connect: from redis://[user:pass@]host[:port][/db] or rediss:// (TLS). */
export interface RedisTarget {
  host: string;
  port: number;
  username?: string;
  password?: string;
  db: number;
  /** Present for rediss:// (TLS options for node:tls; certificates are verified). */
  tls?: { rejectUnauthorized?: boolean };
}

export function isRedisUrl(value: unknown): value is string {
  return typeof value === 'string' && /^rediss?:\/\//i.test(value);
}

/** Parses a Redis URL; credentials are percent-decoded, the database is the path (default 0). */
export function parseRedisUrl(url: string, option = 'workers'): RedisTarget {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new WasmlpError('BAD_REDIS_URL', `${option}: ${describe(redact(url))} is not a URL. Use redis://host:6379, redis://user:password@host:6379/0 or rediss://host:6380 for TLS.`, { option });
  }
  const scheme = u.protocol.toLowerCase();
  if (scheme !== 'redis:' && scheme !== 'rediss:') {
    throw new WasmlpError('BAD_REDIS_URL', `${option}: the URL scheme must be redis:// or rediss:// (TLS); received ${JSON.stringify(u.protocol)}.`, { option });
  }
  const db = u.pathname && u.pathname !== '/' ? Number(u.pathname.slice(1)) : 0;
  if (!Number.isInteger(db) || db < 0) {
    throw new WasmlpError('BAD_REDIS_URL', `${option}: the database in ${redact(url)} must be a number (redis://host:6379/0); received ${JSON.stringify(u.pathname.slice(1))}.`, { option });
  }
  const port = u.port ? Number(u.port) : 6379;
  return {
    host: u.hostname.replace(/^\[|\]$/g, '') || '127.0.0.1',
    port,
    ...(u.username ? { username: decodeURIComponent(u.username) } : {}),
    ...(u.password ? { password: decodeURIComponent(u.password) } : {}),
    db,
    ...(scheme === 'rediss:' ? { tls: {} } : {}),
  };
}

/** The URL with its password replaced, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1***@');
}
