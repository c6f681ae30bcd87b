/**
 * How error and warning advice names a setting. The library's messages say `drop: ['alive']`
 * (the API option); the CLI installs a renderer that says `--drop alive` instead, so the same
 * message gives each caller the fix in its own terms. Messages call `optionAdvice`.
 */
export type OptionRenderer = (option: string, value?: unknown) => string;

/** `missing: 'median'`, `drop: ['alive']`, or just `drop` without a value. */
export function apiOption(option: string, value?: unknown): string {
  if (value === undefined) return option;
  return `${option}: ${JSON.stringify(value).replace(/"/g, "'").replace(/,/g, ', ')}`;
}

let renderer: OptionRenderer = apiOption;

export function optionAdvice(option: string, value?: unknown): string {
  return renderer(option, value);
}

/** Installs a renderer (null restores the API's); returns the previous one. */
export function setOptionRenderer(next: OptionRenderer | null): OptionRenderer {
  const previous = renderer;
  renderer = next ?? apiOption;
  return previous;
}
