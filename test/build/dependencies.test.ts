/**
 * package.json tells the truth about what the app uses. A package imported but not declared
 * (dayjs once came only through antd) can vanish or change major version with any update of the
 * package that pulls it in; a package declared but unused is supply-chain surface for nothing.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/**
 * Declared but neither imported nor run by a script, each for a reason. An entry that becomes
 * used elsewhere fails the test, so the list stays minimal.
 */
const USED_WITHOUT_IMPORT: Record<string, string> = {
  // The packager: run by hand (`npx electron-builder`), configured by electron-builder.yml, whose
  // fuses test/build/fuses.test.ts checks.
  'electron-builder': 'packaging',
  // Run as a program (node_modules/.bin/electronegativity) by test/build/electronegativity.test.ts.
  '@doyensec/electronegativity': 'security lint',
  // Loaded by eslint-plugin-import by name, from `'import/resolver': { typescript }` in eslint.config.js.
  'eslint-import-resolver-typescript': 'eslint resolver',
};

const CODE = /\.(?:[cm]?[jt]sx?)$/;
const SKIP_DIRS = new Set(['node_modules', 'out', 'dist', 'test-results', 'playwright-report', '.git']);

function codeFiles(entry: string): string[] {
  const full = path.join(ROOT, entry);
  if (!existsSync(full)) return [];
  if (!statSync(full).isDirectory()) return CODE.test(full) || !path.extname(full) ? [full] : [];
  return readdirSync(full).flatMap((name) => (SKIP_DIRS.has(name) ? [] : codeFiles(path.join(entry, name))));
}

/** Every module specifier a file imports, requires or dynamically imports (types included). */
function specifiers(file: string): string[] {
  const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.map((f) => f.fileName);
}

const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names, or null for relative paths and Node built-ins. */
function packageOf(specifier: string): string | null {
  if (specifier.startsWith('.') || specifier.startsWith('/') || specifier.startsWith('node:')) return null;
  const parts = specifier.split('/');
  const name = specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  return BUILTINS.has(name) ? null : name;
}

interface PackageJson {
  scripts: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
}

const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as PackageJson;
const declared = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);

/** Source, tests, tooling scripts, the CLI stub and the root config files. */
const rootConfigs = readdirSync(ROOT).filter((n) => /\.config\.[cm]?[jt]s$/.test(n));
const everyFile = ['src', 'test', 'scripts', 'bin', ...rootConfigs].flatMap(codeFiles);

/** package → files importing it. */
function importsIn(files: string[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  for (const file of files) {
    for (const spec of specifiers(file)) {
      const name = packageOf(spec);
      if (name) found.set(name, [...(found.get(name) ?? []), path.relative(ROOT, file)]);
    }
  }
  return found;
}

/** The commands that package.json scripts, scripts/*.sh and .ci/run invoke. */
function commandText(): string {
  const shell = ['scripts', '.ci']
    .flatMap((dir) =>
      existsSync(path.join(ROOT, dir)) ? readdirSync(path.join(ROOT, dir)).map((n) => path.join(dir, n)) : [],
    )
    .filter((f) => f.endsWith('.sh') || path.basename(f) === 'run')
    .map((f) => readFileSync(path.join(ROOT, f), 'utf8'));
  return [...Object.values(pkg.scripts), ...shell].join('\n');
}

/** The program names a package installs in node_modules/.bin. */
function binsOf(name: string): string[] {
  const file = path.join(ROOT, 'node_modules', name, 'package.json');
  if (!existsSync(file)) return [];
  const { bin } = JSON.parse(readFileSync(file, 'utf8')) as { bin?: string | Record<string, string> };
  if (!bin) return [];
  return typeof bin === 'string' ? [name.split('/').pop()!] : Object.keys(bin);
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('dependencies', () => {
  it('every package that src, the tests, scripts or configs import is declared in package.json', () => {
    const undeclared = [...importsIn(everyFile)]
      .filter(([name]) => !declared.has(name))
      .map(([name, files]) => `${name} (imported by ${[...new Set(files)].join(', ')})`);
    expect(undeclared, 'declare these with npm install --save-exact (or stop importing them)').toEqual([]);
  });

  it('every declared package is imported or run somewhere, or listed with a reason', () => {
    const imported = importsIn(everyFile);
    const commands = commandText();
    const usesNodeTypes = everyFile.some((f) => specifiers(f).some((s) => s.startsWith('node:')));
    const used = (name: string): boolean => {
      if (imported.has(name)) return true;
      if (name === '@types/node') return usesNodeTypes;
      if (name.startsWith('@types/')) return imported.has(name.slice('@types/'.length));
      return binsOf(name).some((bin) => new RegExp(`(^|[\\s;&|(])(npx\\s+)?${escape(bin)}(\\s|$)`, 'm').test(commands));
    };

    const unused = [...declared].filter((name) => !used(name) && !(name in USED_WITHOUT_IMPORT));
    expect(unused, 'remove these from package.json, or add them to USED_WITHOUT_IMPORT with a reason').toEqual([]);

    const stale = Object.keys(USED_WITHOUT_IMPORT).filter((name) => !declared.has(name) || used(name));
    expect(stale, 'no longer needed in USED_WITHOUT_IMPORT (undeclared, or used after all)').toEqual([]);
  });

  it('every dependency is pinned to one exact version', () => {
    const ranges = Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })
      .filter(([, v]) => !/^(npm:(@?[^@]+)@)?\d+\.\d+\.\d+$/.test(v))
      .map(([k, v]) => `${k}@${v}`);
    expect(ranges).toEqual([]);
  });
});
