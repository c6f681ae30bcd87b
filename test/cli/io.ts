import type { CliIo } from '../../src/cli/common.js';
import { run } from '../../src/cli/run.js';

export interface Captured { code: number; stdout: string; stderr: string }

/** Runs the CLI in-process with captured output; `tty` makes stderr look like a terminal. */
export async function cli(argv: string[], options: { cwd?: string; stdin?: string; tty?: boolean } = {}): Promise<Captured> {
  let stdout = '', stderr = '';
  const io: CliIo = {
    stdout: { write: (t: string) => (stdout += t) },
    stderr: { isTTY: options.tty ?? false, columns: 100, write: (t: string) => (stderr += t) },
    readStdin: async () => options.stdin ?? '',
    stdinIsTTY: options.stdin === undefined,
    cwd: options.cwd ?? process.cwd(),
  };
  const code = await run(argv, io);
  return { code, stdout, stderr };
}
