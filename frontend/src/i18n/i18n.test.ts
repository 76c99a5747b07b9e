import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import en from './locales/en.json';
import es from './locales/es.json';
import it_ from './locales/it.json';

type Tree = { [key: string]: string | Tree };

function flatten(tree: Tree, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(tree)) {
    if (typeof v === 'string') out.set(prefix + k, v);
    else for (const [kk, vv] of flatten(v, `${prefix}${k}.`)) out.set(kk, vv);
  }
  return out;
}

const placeholders = (s: string) => [...s.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();

const english = flatten(en);

describe.each([
  ['es', es],
  ['it', it_],
])('%s translations', (_, resources) => {
  const other = flatten(resources as Tree);

  it('have every English key', () => {
    expect([...english.keys()].filter((k) => !other.has(k))).toEqual([]);
  });

  it('have no key English lacks', () => {
    expect([...other.keys()].filter((k) => !english.has(k))).toEqual([]);
  });

  it('keep the same placeholders and leave nothing empty', () => {
    for (const [key, text] of english) {
      const translated = other.get(key) ?? '';
      expect(translated.trim(), key).not.toBe('');
      expect(placeholders(translated), key).toEqual(placeholders(text));
    }
  });
});

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sources(path);
    return /\.tsx?$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('source strings', () => {
  it('every literal t() key used in src exists in English', () => {
    const root = join(__dirname, '..');
    const used = new Set<string>();
    for (const file of sources(root)) {
      const text = readFileSync(file, 'utf8');
      for (const m of text.matchAll(/\bt\(\s*'([a-zA-Z0-9_.]+)'/g)) used.add(m[1]!);
      // Keys kept in data (navigation, validation messages) are quoted as 'section.key'.
      for (const m of text.matchAll(/'((?:nav|errors|products\.errors)\.[a-zA-Z0-9_]+)'/g)) used.add(m[1]!);
    }
    expect(used.size).toBeGreaterThan(100);
    expect([...used].filter((k) => !english.has(k))).toEqual([]);
  });
});
