import { mkdir, realpath, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { WasmlpError } from '../errors.js';
import { weightsFileClash } from '../io/files.js';

/**
 * Checks, before any work, that an output file (--out, --report, --onnx) can be written without
 * harm: it is not one of the command's input files (even with --force), it does not exist unless
 * --force, it is not a directory, and its folder is (or can be made) a directory. So
 * `wasmlp train bank.csv --out bank.csv` never replaces the data, and `--out /proc/nope/m.json`
 * fails at once instead of after training.
 */
export async function checkOutputPath(path: string, flag: string, cwd: string, inputs: readonly (string | undefined)[], force: boolean): Promise<string> {
  const full = resolve(cwd, path);
  const here = await stat(full).catch(() => null);
  if (here) {
    if (here.isDirectory()) throw new WasmlpError('FILE_IS_DIRECTORY', `--${flag} ${path} is a directory; give a file name (e.g. ${resolve(full, 'model.json')}).`, { option: flag, file: full });
    const real = await realpath(full).catch(() => full);
    for (const input of inputs) {
      if (input === undefined) continue;
      const inReal = await realpath(resolve(cwd, input)).catch(() => null);
      if (inReal === real) {
        throw new WasmlpError('OUTPUT_IS_INPUT', `--${flag} ${path} is the input file ${input}; writing there would destroy it. Choose another --${flag} path.`, { option: flag, file: full });
      }
    }
    if (!force) {
      throw new WasmlpError('OUTPUT_EXISTS', `--${flag} ${path} already exists. Choose another path, or add --force to overwrite it.`, { option: flag, file: full });
    }
  }
  await makeDirectories(dirname(full), flag);
  return full;
}

/**
 * mkdir -p, one level at a time: fs.mkdir's recursive mode never returns for some paths under
 * /proc (Node 20), and a level that is a file must be reported, not retried.
 */
export async function makeDirectories(dir: string, flag = 'out'): Promise<void> {
  const info = await stat(dir).catch((e: NodeJS.ErrnoException) => e);
  if (!(info instanceof Error)) {
    if (!info.isDirectory()) throw new WasmlpError('FILE_WRITE', `Cannot write under ${dir} (--${flag}): it is a file, not a directory.`, { option: flag, file: dir });
    return;
  }
  if (info.code === 'ENOTDIR') {
    throw new WasmlpError('FILE_WRITE', `Cannot write under ${dir} (--${flag}): a part of the path is a file, not a directory.`, { option: flag, file: dir });
  }
  const parent = dirname(dir);
  if (parent === dir) throw new WasmlpError('FILE_WRITE', `Cannot write under ${dir} (--${flag}): ${info.code ?? info.message}.`, { option: flag, file: dir });
  await makeDirectories(parent, flag);
  try {
    await mkdir(dir);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return;
    throw new WasmlpError('FILE_WRITE', `Cannot create the folder ${dir} for --${flag}: ${code === 'EACCES' || code === 'EPERM' ? 'permission denied' : (e as Error).message}.`, { option: flag, file: dir });
  }
}

/**
 * --out of a model: a large network's weights are saved to `<name>.weights.bin` beside it, and
 * that file may only replace the weights file of the model it sits beside. Checked before training
 * (the network's size is known only once it is built), so an unrelated file there stops the
 * command at once instead of after the training it would have thrown away.
 */
export async function checkModelOutput(full: string, flag: string): Promise<void> {
  const clash = await weightsFileClash(full);
  if (clash) {
    throw new WasmlpError('OUTPUT_EXISTS', `--${flag} ${full}: ${clash.file} beside it already exists and is not the weights file of ${full}${clash.what}; a large network's weights are saved there. Move it away, or choose another --${flag}.`, { option: flag, file: clash.file });
  }
}

/** checkOutputPath for each output flag the user gave. */
export async function checkOutputs(flags: Record<string, unknown>, names: readonly string[], cwd: string, inputs: readonly (string | undefined)[]): Promise<void> {
  for (const name of names) {
    const value = flags[name];
    if (typeof value === 'string') await checkOutputPath(value, name, cwd, inputs, Boolean(flags.force));
  }
}
