/**
 * Runs Electronegativity (Doyensec's Electron security linter, a devDependency that works offline)
 * over src/ and fails on any finding that docs/electronegativity-accepted.json does not list with a
 * reason, and on any accepted entry that no longer matches a finding (so the list stays minimal).
 *
 * It writes SARIF rather than CSV: the CLI writes its CSV header and rows with two unordered
 * asynchronous writes (the header write truncates), so a CSV can lose rows; SARIF is one write.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const CLI = path.join(
  ROOT,
  'node_modules',
  '.bin',
  process.platform === 'win32' ? 'electronegativity.cmd' : 'electronegativity',
);
const ACCEPTED_FILE = path.join(ROOT, 'docs', 'electronegativity-accepted.json');
const ELECTRON_VERSION = '45.5.0';

interface Accepted {
  check: string;
  file: string;
  reason: string;
}

interface Finding {
  check: string;
  file: string;
  line: number;
  message: string;
}

interface Sarif {
  runs: {
    results: {
      ruleId: string;
      message: { text: string };
      locations?: { physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number } } }[];
    }[];
  }[];
}

function toRepoPath(uri: string | undefined): string {
  if (!uri || uri === 'file:///' || uri === 'N/A') return 'N/A';
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri;
  return path.relative(ROOT, path.resolve(ROOT, file)).split(path.sep).join('/');
}

function runElectronegativity(): Finding[] {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm ci (it is a devDependency)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-eng-'));
  const out = path.join(dir, 'electronegativity.sarif');
  try {
    const run = spawnSync(CLI, ['-i', 'src', '-e', ELECTRON_VERSION, '-o', out], {
      cwd: ROOT,
      encoding: 'utf8',
      timeout: 110_000,
      shell: process.platform === 'win32',
    });
    if (run.status !== 0 || !existsSync(out)) {
      throw new Error(`electronegativity failed (${run.status ?? run.signal}): ${run.stderr || run.stdout}`);
    }
    const sarif = JSON.parse(readFileSync(out, 'utf8')) as Sarif;
    return sarif.runs.flatMap((r) =>
      r.results.map((result) => {
        const location = result.locations?.[0]?.physicalLocation;
        return {
          check: result.ruleId,
          file: toRepoPath(location?.artifactLocation?.uri),
          line: location?.region?.startLine ?? 0,
          message: result.message.text,
        };
      }),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('electronegativity', () => {
  it('reports nothing beyond the reasoned, accepted findings', { timeout: 120_000 }, () => {
    const accepted = JSON.parse(readFileSync(ACCEPTED_FILE, 'utf8')) as Accepted[];
    for (const entry of accepted) {
      expect(entry.check, JSON.stringify(entry)).toMatch(/^[A-Z_]+$/);
      expect(entry.file, JSON.stringify(entry)).toBeTruthy();
      expect(entry.reason.length, `${entry.check} in ${entry.file} needs a real reason`).toBeGreaterThanOrEqual(40);
    }
    const findings = runElectronegativity();
    const isAccepted = (f: Finding) => accepted.some((a) => a.check === f.check && a.file === f.file);

    const unexplained = findings
      .filter((f) => !isAccepted(f))
      .map((f) => `${f.check} ${f.file}:${f.line} ${f.message}`);
    expect(unexplained, 'fix these, or add them with a reason to docs/electronegativity-accepted.json').toEqual([]);

    const stale = accepted
      .filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file))
      .map((a) => `${a.check} ${a.file}`);
    expect(stale, 'no longer reported: remove from docs/electronegativity-accepted.json').toEqual([]);
  });
});
