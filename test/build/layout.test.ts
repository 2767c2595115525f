/**
 * The layout rules of shared/design/LAYOUT.md that a compiler does not check: features do not
 * import each other in a circle (a folder cycle is a design question, not a lint exception), no
 * source file grows past 400 lines, and the feature contracts never define a channel twice.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CHANNELS } from '../../src/shared/contract';

const ROOT = path.resolve(__dirname, '../..');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return /\.(ts|tsx)$/.test(name) ? [full] : [];
  });
}

/** Folder -> folders it imports from (type-only imports count: they are a dependency too). */
export function folderGraph(layer: string, barrels: string[] = []): Map<string, Set<string>> {
  const base = path.join(ROOT, layer);
  const graph = new Map<string, Set<string>>();
  const folderOf = (file: string) => path.relative(base, path.dirname(file)).split(path.sep)[0] || '.';
  for (const file of sourceFiles(base)) {
    if (barrels.includes(path.relative(base, file))) continue;
    const from = folderOf(file);
    const edges = graph.get(from) ?? new Set<string>();
    graph.set(from, edges);
    for (const m of readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      const target = path.resolve(path.dirname(file), m[1]!);
      if (!target.startsWith(base + path.sep)) continue;
      const to = folderOf(`${target}.ts`);
      if (to !== from) edges.add(to);
    }
  }
  return graph;
}

/** Every cycle's folders (strongly connected components with more than one folder). */
export function cycles(graph: Map<string, Set<string>>): string[][] {
  let index = 0;
  const stack: string[] = [];
  const meta = new Map<string, { index: number; low: number; onStack: boolean }>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    meta.set(v, { index, low: index, onStack: true });
    index += 1;
    stack.push(v);
    for (const w of graph.get(v) ?? []) {
      if (!meta.has(w)) {
        visit(w);
        meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.low);
      } else if (meta.get(w)!.onStack) meta.get(v)!.low = Math.min(meta.get(v)!.low, meta.get(w)!.index);
    }
    if (meta.get(v)!.low === meta.get(v)!.index) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        meta.get(w)!.onStack = false;
        component.push(w);
      } while (w !== v);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!meta.has(v)) visit(v);
  return found;
}

describe('layout', () => {
  it('has no folder cycles in src/core (the index.ts barrel aside) or src/shared', () => {
    expect(cycles(folderGraph('src/core', ['index.ts']))).toEqual([]);
    // contract.ts joins the feature contracts: a barrel, like core's index.ts.
    expect(cycles(folderGraph('src/shared', ['contract.ts']))).toEqual([]);
    expect(cycles(folderGraph('src/renderer'))).toEqual([]);
  });

  it('finds a cycle when there is one (the check itself works)', () => {
    const graph = new Map([
      ['vault', new Set(['audit'])],
      ['audit', new Set(['vault', 'crypto'])],
      ['crypto', new Set<string>()],
    ]);
    expect(cycles(graph)).toEqual([['audit', 'vault']]);
  });

  it('keeps every source file under 400 lines', () => {
    const long = sourceFiles(path.join(ROOT, 'src'))
      .map((f) => ({ file: path.relative(ROOT, f), lines: readFileSync(f, 'utf8').split('\n').length }))
      .filter((f) => f.lines > 400);
    expect(long).toEqual([]);
  });

  it('joins every feature contract (src/shared/**/*contract.ts) without defining any channel twice', async () => {
    const shared = path.join(ROOT, 'src/shared');
    const files = sourceFiles(shared).filter((f) => /contract\.ts$/.test(f) && f !== path.join(shared, 'contract.ts'));
    const all: string[] = [];
    for (const file of files) {
      const mod = (await import(file)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(mod)) {
        if (name.endsWith('Contract') && typeof value === 'object' && value !== null) all.push(...Object.keys(value));
      }
    }
    expect(new Set(all).size).toBe(all.length);
    expect([...CHANNELS].sort()).toEqual([...all].sort());
  });
});
