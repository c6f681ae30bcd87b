import { WasmlpError } from '../errors.js';

/**
 * A file that could not be read, in the user's terms: missing, a directory, not readable, or a
 * path through a file. `hint` says how to get a good file (e.g. how to create a model).
 */
export function fileError(e: unknown, file: string, hint = '', what = 'file'): WasmlpError {
  const code = (e as { code?: string } | null)?.code;
  const tail = hint ? ` ${hint}` : '';
  if (code === 'ENOENT') return new WasmlpError('FILE_NOT_FOUND', `No ${what} at ${file}.${tail}`, { file });
  if (code === 'EISDIR') return new WasmlpError('FILE_IS_DIRECTORY', `${file} is a directory; give the path of a file.`, { file });
  if (code === 'ENOTDIR') return new WasmlpError('FILE_NOT_FOUND', `No ${what} at ${file}: a part of the path is a file, not a directory.`, { file });
  if (code === 'EACCES' || code === 'EPERM') return new WasmlpError('FILE_UNREADABLE', `${file} cannot be read: permission denied. Check the file's permissions (chmod +r) or run as its owner.`, { file });
  return new WasmlpError('FILE_UNREADABLE', `${file} cannot be read: ${(e as Error)?.message ?? String(e)}.`, { file });
}
