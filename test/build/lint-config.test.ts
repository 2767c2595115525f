/**
 * `npm run lint` checks promises with type information in every part of src: a floating promise
 * loses its rejection (an unhandled rejection in main, an error the user never sees) and may
 * finish after the vault was locked. This reads the resolved ESLint config per file, so it stays
 * fast; the rules themselves run in `npm run lint`.
 */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const SAMPLES = [
  'src/core/keystore/keystore.ts',
  'src/main/index.ts',
  'src/preload/index.ts',
  'src/cli/index.ts',
  'src/renderer/App.tsx',
];

const severity = (entry: unknown) => (Array.isArray(entry) ? entry[0] : entry);

describe('lint config', () => {
  it.each(SAMPLES)('%s is linted with type-aware no-floating-promises and no-misused-promises', async (file) => {
    const eslint = new ESLint({ cwd: ROOT });
    const config = (await eslint.calculateConfigForFile(path.join(ROOT, file))) as {
      rules: Record<string, unknown>;
      languageOptions: { parserOptions?: { projectService?: unknown; project?: unknown } };
    };
    expect(severity(config.rules['@typescript-eslint/no-floating-promises'])).toBe(2);
    expect(severity(config.rules['@typescript-eslint/no-misused-promises'])).toBe(2);
    const parser = config.languageOptions.parserOptions ?? {};
    expect(Boolean(parser.projectService || parser.project), 'the rules need type information').toBe(true);
  });
});
