import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Every ```ts block of README.md and docs/*.md, with where it came from. */
export function tsBlocks(root: string): { file: string; line: number; code: string }[] {
  const sources = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => `docs/${f}`)];
  const out: { file: string; line: number; code: string }[] = [];
  for (const file of sources) {
    const lines = readFileSync(join(root, file), 'utf8').split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (!/^```(ts|typescript)\s*$/.test(lines[i])) continue;
      const start = i + 1;
      let end = start;
      while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
      out.push({ file, line: start + 1, code: lines.slice(start, end).join('\n') });
      i = end;
    }
  }
  return out;
}
