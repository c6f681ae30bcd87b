#!/usr/bin/env node
/** The `wasmlp` command (package.json bin). Everything testable lives in run.ts. */
import { describeFailure, run } from './run.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

run(process.argv.slice(2), {
  stdout: process.stdout,
  stderr: process.stderr,
  readStdin,
  stdinStream: process.stdin,
  stdinIsTTY: Boolean(process.stdin.isTTY),
  cwd: process.cwd(),
}).then(
  (code) => { process.exitCode = code; },
  (error) => { process.stderr.write(`wasmlp: ${describeFailure(error)}\n`); process.exitCode = 1; },
);
