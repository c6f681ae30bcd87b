/**
 * The CLI's flag parser: every flag has a kind, and a wrong value is a UsageError naming the flag
 * and what it accepts. Flags marked `multiple` (grid search) take every value up to the next flag.
 */
export class UsageError extends Error {
  constructor(message: string, readonly command?: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export type FlagKind = 'int' | 'float' | 'string' | 'bool' | 'enum' | 'layers' | 'list' | 'workers' | 'threads';

export interface FlagSpec {
  kind: FlagKind;
  help: string;
  /** Placeholder in help, e.g. <n>. */
  value?: string;
  choices?: readonly string[];
  min?: number;
  max?: number;
  /** Lower bound excluded (e.g. a learning rate > 0). */
  exclusiveMin?: boolean;
  exclusiveMax?: boolean;
  /** Several values after one flag: `--layers 60 30 60,30`. */
  multiple?: boolean;
  default?: unknown;
}

export type FlagSpecs = Record<string, FlagSpec>;

export interface Parsed {
  positionals: string[];
  flags: Record<string, unknown>;
  /** Flags that hold their default because the user did not give them. */
  defaulted: ReadonlySet<string>;
}

/** What a flag accepts, in words, for messages and help. */
export function accepts(spec: FlagSpec): string {
  const range = (what: string) => {
    const lo = spec.min === undefined ? '' : `${spec.exclusiveMin ? '>' : '>='} ${spec.min}`;
    const hi = spec.max === undefined ? '' : `${spec.exclusiveMax ? '<' : '<='} ${spec.max}`;
    return [what, [lo, hi].filter(Boolean).join(' and ')].filter(Boolean).join(' ');
  };
  switch (spec.kind) {
    case 'int': return range('an integer');
    case 'float': return range('a number');
    case 'enum': return `one of ${spec.choices!.join(', ')}`;
    case 'layers': return 'hidden layer sizes as comma-separated integers >= 1 (e.g. 60 or 60,30), or 0 for none';
    case 'list': return `a comma-separated list of ${spec.choices ? spec.choices.join(', ') : 'values'}`;
    case 'bool': return 'no value';
    case 'workers': return "an integer >= 1 or 'auto' (or a Redis URL, redis://host:6379)";
    case 'threads': return "an integer >= 1 or 'auto'";
    default: return spec.value ? `a value (${spec.value})` : 'a value';
  }
}

function convert(flag: string, spec: FlagSpec, raw: string, command: string): unknown {
  const bad = () => new UsageError(`--${flag} expects ${accepts(spec)}; received ${JSON.stringify(raw)}.`, command);
  const checkRange = (n: number) => {
    if (spec.min !== undefined && (spec.exclusiveMin ? n <= spec.min : n < spec.min)) throw bad();
    if (spec.max !== undefined && (spec.exclusiveMax ? n >= spec.max : n > spec.max)) throw bad();
    return n;
  };
  switch (spec.kind) {
    case 'int': {
      if (!/^-?\d+$/.test(raw)) throw bad();
      return checkRange(Number(raw));
    }
    case 'float': {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isFinite(n)) throw bad();
      return checkRange(n);
    }
    case 'enum': {
      const hit = spec.choices!.find((c) => c.toLowerCase() === raw.toLowerCase());
      if (!hit) throw bad();
      return hit;
    }
    case 'threads': {
      if (raw.toLowerCase() === 'auto') return 'auto';
      if (!/^\d+$/.test(raw) || Number(raw) < 1) throw bad();
      return Number(raw);
    }
    case 'workers': {
      if (raw.toLowerCase() === 'auto') return 'auto';
      if (/^rediss?:\/\//i.test(raw)) return raw; // a cluster of `wasmlp worker` processes
      if (!/^\d+$/.test(raw) || Number(raw) < 1) throw bad();
      return Number(raw);
    }
    case 'layers': {
      if (raw === '0' || raw.toLowerCase() === 'none') return [];
      const parts = raw.split(',').map((s) => s.trim());
      if (parts.some((p) => !/^\d+$/.test(p) || Number(p) < 1)) throw bad();
      return parts.map(Number);
    }
    case 'list': {
      const parts = raw.split(',').map((s) => s.trim()).filter(Boolean);
      if (parts.length === 0) throw bad();
      if (spec.choices) {
        return parts.map((p) => {
          const hit = spec.choices!.find((c) => c.toLowerCase() === p.toLowerCase());
          if (!hit) throw new UsageError(`--${flag} expects ${accepts(spec)}; ${JSON.stringify(p)} is not one of them.`, command);
          return hit;
        });
      }
      return parts;
    }
    default:
      return raw;
  }
}

/** Edit distance, for "did you mean" on unknown flags. */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

export function parseArgs(argv: readonly string[], specs: FlagSpecs, command: string): Parsed {
  const positionals: string[] = [];
  const flags: Record<string, unknown> = {};
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i];
    if (!token.startsWith('--') || token === '--') {
      if (token !== '--') positionals.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const name = token.slice(2, eq < 0 ? undefined : eq);
    const spec = specs[name];
    if (!spec) {
      const names = Object.keys(specs);
      const near = names.filter((n) => distance(n, name) <= 2).sort((a, b) => distance(a, name) - distance(b, name));
      throw new UsageError(`unknown flag --${name} for 'wasmlp ${command}'.${near.length ? ` Did you mean --${near[0]}?` : ''} Flags: ${names.map((n) => `--${n}`).join(', ')}.`, command);
    }
    if (name in flags) throw new UsageError(`--${name} is given twice.${spec.multiple ? ` Give several values after one flag: --${name} a b c.` : ''}`, command);
    if (spec.kind === 'bool') {
      if (eq >= 0) throw new UsageError(`--${name} takes no value; received ${JSON.stringify(token.slice(eq + 1))}.`, command);
      flags[name] = true;
      continue;
    }
    const values: string[] = [];
    if (eq >= 0) values.push(token.slice(eq + 1));
    else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw new UsageError(`--${name} needs a value: ${accepts(spec)}.`, command);
      values.push(argv[++i]);
      if (spec.multiple) while (i + 1 < argv.length && !argv[i + 1].startsWith('--')) values.push(argv[++i]);
    }
    const converted = values.map((v) => convert(name, spec, v, command));
    flags[name] = spec.multiple ? converted : converted[0];
  }
  const defaulted = new Set<string>();
  for (const [name, spec] of Object.entries(specs)) {
    if (!(name in flags) && spec.default !== undefined) {
      flags[name] = spec.multiple ? [spec.default] : spec.default;
      defaulted.add(name);
    }
  }
  return { positionals, flags, defaulted };
}

/** Flag lines for help text. */
export function formatFlags(specs: FlagSpecs): string {
  const rows = Object.entries(specs).map(([name, s]) => {
    const left = `--${name}${s.kind === 'bool' ? '' : ` <${s.value ?? s.kind}>`}${s.multiple ? '...' : ''}`;
    const def = s.default === undefined ? '' : ` (default ${Array.isArray(s.default) ? s.default.join(',') : s.default})`;
    return [left, `${s.help}${def}`];
  });
  const width = Math.max(...rows.map((r) => r[0].length));
  return rows.map(([l, r]) => `  ${l.padEnd(width)}  ${r}`).join('\n');
}
