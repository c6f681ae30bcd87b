/**
 * A minimal Redis client (RESP2 over node:net or node:tls) with the surface of Bun's RedisClient
 * (send, connect, close, duplicate, connected, onconnect/onclose), which BullMQ wraps with its
 * own adapter. BullMQ's usual driver, ioredis, is not a dependency of wasmlp; this is the
 * smallest thing that lets BullMQ talk to Redis from Node.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import { createBunRedisClient } from 'bullmq';
import type { RedisTarget } from './redis-url.js';

type Reply = string | number | null | Reply[] | Error;
interface Pending { resolve(v: unknown): void; reject(e: Error): void }

const CRLF = Buffer.from('\r\n');

function encode(command: string, args: readonly unknown[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length + 1}\r\n`)];
  for (const a of [command, ...args]) {
    const b = Buffer.isBuffer(a) ? a : a instanceof Uint8Array ? Buffer.from(a.buffer, a.byteOffset, a.byteLength) : Buffer.from(String(a));
    parts.push(Buffer.from(`$${b.length}\r\n`), b, CRLF);
  }
  return Buffer.concat(parts);
}

/** Parses one reply at `at`; returns [reply, next offset] or null when more bytes are needed. */
function parse(buf: Buffer, at: number): [Reply, number] | null {
  if (at >= buf.length) return null;
  const eol = buf.indexOf(CRLF, at);
  if (eol < 0) return null;
  const type = buf[at];
  const line = buf.toString('utf8', at + 1, eol);
  switch (type) {
    case 43: return [line, eol + 2]; // +
    case 45: return [new Error(line), eol + 2]; // -
    case 58: return [Number(line), eol + 2]; // :
    case 36: { // $
      const n = Number(line);
      if (n < 0) return [null, eol + 2];
      if (buf.length < eol + 2 + n + 2) return null;
      return [buf.toString('utf8', eol + 2, eol + 2 + n), eol + 2 + n + 2];
    }
    case 42: { // *
      const n = Number(line);
      if (n < 0) return [null, eol + 2];
      const out: Reply[] = [];
      let pos = eol + 2;
      for (let i = 0; i < n; i++) {
        const r = parse(buf, pos);
        if (!r) return null;
        out.push(r[0]);
        pos = r[1];
      }
      return [out, pos];
    }
    default:
      return [new Error(`Protocol error: unexpected byte ${type}`), buf.length];
  }
}

export class RespClient {
  connected = false;
  onconnect: (() => void) | null = null;
  onclose: ((error?: Error) => void) | null = null;
  onerror: ((error: Error) => void) | null = null;
  private socket: Socket | null = null;
  private readonly pending: Pending[] = [];
  private buffer: Buffer = Buffer.alloc(0);
  private closing = false;

  constructor(readonly target: RedisTarget, private readonly connectTimeoutMs = 5000) {}

  /** Opens the connection, authenticates and selects the database. */
  connect(): Promise<void> {
    if (this.connected) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const t = this.target;
      const socket = t.tls ? tlsConnect({ host: t.host, port: t.port, servername: t.host, ...t.tls }) : netConnect({ host: t.host, port: t.port });
      this.socket = socket;
      this.closing = false;
      socket.setNoDelay(true);
      const timer = setTimeout(() => socket.destroy(new Error(`Connection to ${t.host}:${t.port} timed out`)), this.connectTimeoutMs);
      let opened = false;
      socket.once(t.tls ? 'secureConnect' : 'connect', async () => {
        clearTimeout(timer);
        opened = true;
        this.connected = true;
        try {
          if (t.password !== undefined) await this.send('AUTH', t.username ? [t.username, t.password] : [t.password]);
          if (t.db) await this.send('SELECT', [t.db]);
        } catch (e) {
          this.close();
          reject(e);
          return;
        }
        this.onconnect?.();
        resolve();
      });
      socket.on('data', (chunk: Buffer) => this.receive(chunk));
      socket.on('error', (e) => {
        clearTimeout(timer);
        if (!opened) reject(e);
        else this.onerror?.(e);
      });
      socket.on('close', () => {
        clearTimeout(timer);
        const was = this.connected;
        this.connected = false;
        this.socket = null;
        const err = new Error('Connection closed');
        for (const p of this.pending.splice(0)) p.reject(err);
        if (was || opened) this.onclose?.(this.closing ? undefined : err);
      });
    });
  }

  private receive(chunk: Buffer): void {
    this.buffer = this.buffer.length ? Buffer.concat([this.buffer, chunk]) : chunk;
    let at = 0;
    for (;;) {
      const r = parse(this.buffer, at);
      if (!r) break;
      at = r[1];
      const p = this.pending.shift();
      if (!p) continue;
      if (r[0] instanceof Error) p.reject(r[0]);
      else p.resolve(r[0]);
    }
    this.buffer = at >= this.buffer.length ? Buffer.alloc(0) : this.buffer.subarray(at);
  }

  send(command: string, args: readonly unknown[] = []): Promise<unknown> {
    const socket = this.socket;
    if (!socket || !this.connected) return Promise.reject(new Error('Connection closed'));
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      socket.write(encode(command, args));
    });
  }

  close(): void {
    this.closing = true;
    this.socket?.end();
    this.socket?.destroy();
  }

  /** BullMQ recognises a client by connect, disconnect and duplicate. */
  disconnect(): void {
    this.close();
  }

  /** A new, unconnected client for the same server (BullMQ opens one per blocking reader). */
  duplicate(): RespClient {
    return new RespClient(this.target, this.connectTimeoutMs);
  }
}

/**
 * A RespClient wrapped in BullMQ's own adapter, as BullMQ wants it. Hand this (not the raw
 * client) to Queue/Worker/QueueEvents, and close it with `disconnect()` afterwards: BullMQ never
 * closes a connection it was given, and closing the raw client alone makes the adapter reconnect.
 */
export function bullmqConnection(target: RedisTarget): { disconnect(): void } {
  return createBunRedisClient(new RespClient(target) as never) as unknown as { disconnect(): void };
}
