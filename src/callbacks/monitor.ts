import { WasmlpError } from '../errors.js';
import type { Logs } from './callback.js';

/**
 * The log key a callback watches: 'accuracy' / 'val_accuracy' mean whichever accuracy the model
 * reports (binaryAccuracy, categoricalAccuracy, ...). `who` names the callback in the error.
 */
export function resolveMonitor(monitor: string, logs: Logs, who: string): string {
  let name = monitor;
  if (!(name in logs)) {
    const prefix = name.startsWith('val_') ? 'val_' : '';
    const bare = name.slice(prefix.length).toLowerCase();
    if (bare === 'accuracy' || bare === 'acc') {
      const found = Object.keys(logs).find((k) => k.startsWith(prefix) && (prefix || !k.startsWith('val_')) && /accuracy$/i.test(k));
      if (found) name = found;
    }
  }
  if (!(name in logs)) {
    throw new WasmlpError('BAD_OPTION', `${who} monitors '${monitor}', which is not among the logged values: ${Object.keys(logs).join(', ')}. ${monitor.startsWith('val_') ? 'val_ values need validationSplit or validationData in fit.' : ''}`.trim(), { option: 'monitor' });
  }
  return name;
}

/** Losses and errors improve downwards, everything else upwards ('auto'), unless the mode says. */
export function lowerIsBetter(name: string, mode: 'auto' | 'min' | 'max'): boolean {
  return mode === 'auto' ? /loss|error/i.test(name) : mode === 'min';
}

export function checkMode(mode: unknown, who: string): 'auto' | 'min' | 'max' {
  if (mode !== 'auto' && mode !== 'min' && mode !== 'max') {
    throw new WasmlpError('BAD_OPTION', `${who}: 'mode' must be 'auto', 'min' or 'max', received ${JSON.stringify(mode)}.`, { option: 'mode' });
  }
  return mode;
}
