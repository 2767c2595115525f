import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The audit viewer names every action the core writes (in Chinese and English: the English table
 * is typed against the Chinese one), so an auditor never meets a raw code such as
 * `records.importUndo` in the log. The actions are read from the core's source: every literal
 * given as an event's `action`, or to a `const action =` that one is built from; the names from
 * the viewer's Chinese tables (read as text: they sit beside DOM code this project does not type).
 */
function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sources(full);
    return full.endsWith('.ts') ? [full] : [];
  });
}

function writtenActions(): string[] {
  const found = new Set<string>();
  for (const file of sources(path.resolve(__dirname, '../../src/core'))) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\baction(?:: | = )'([a-zA-Z]+(?:\.[a-zA-Z]+)+)'/g)) found.add(m[1]!);
  }
  return [...found].sort();
}

function namedActions(): Set<string> {
  const named = new Set<string>();
  for (const file of ['i18n.ts', 'register-actions.ts']) {
    const text = readFileSync(path.resolve(__dirname, '../../src/renderer/audit', file), 'utf8');
    for (const m of text.matchAll(/'audit\.action\.([a-zA-Z.]+)':/g)) named.add(m[1]!);
  }
  return named;
}

describe('audit viewer action names', () => {
  it('every action the core writes has a name in the viewer', () => {
    const actions = writtenActions();
    // The scan itself works: it finds the actions of records, access, backups and the registers.
    expect(actions).toEqual(
      expect.arrayContaining(['records.create', 'records.importUndo', 'backup.export', 'retention.purge']),
    );
    expect(actions.length).toBeGreaterThan(80);
    const named = namedActions();
    expect(named.has('records.create')).toBe(true);
    expect(actions.filter((a) => !named.has(a))).toEqual([]);
  });
});
