/**
 * Runs Electronegativity (Doyensec's Electron security linter, a devDependency that works offline)
 * over src/ and fails on any finding that docs/electronegativity-accepted.json does not list with a
 * reason, on any accepted entry that no longer matches a finding (so the list stays minimal), and
 * on any accepted finding without its own subsection in docs/security.md ("What it flags" and why
 * it does not apply or how it is mitigated).
 *
 * It runs twice, side by side: for Electron 45.5.0, and without a version, as a reviewer typing
 * `npx electronegativity -i src` offline would. Without a version the tool assumes the oldest
 * Electron's insecure defaults, which is where REMOTE_MODULE_JS_CHECK comes from; it must be
 * explained too, not hidden behind the flag.
 *
 * It writes SARIF rather than CSV: the CLI writes its CSV header and rows with two unordered
 * asynchronous writes (the header write truncates), so a CSV can lose rows; SARIF is one write.
 */
import { spawn } from 'node:child_process';
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
const SECURITY_DOC = path.join(ROOT, 'docs', 'security.md');
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

/** Runs the CLI to completion; resolves with its exit code and output. */
function run(args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(CLI, args, { cwd: ROOT, shell: process.platform === 'win32', timeout: 110_000 });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

async function runElectronegativity(electronVersion?: string): Promise<Finding[]> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run npm ci (it is a devDependency)`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'lv-eng-'));
  const out = path.join(dir, 'electronegativity.sarif');
  try {
    const version = electronVersion ? ['-e', electronVersion] : [];
    const result = await run(['-i', 'src', ...version, '-o', out]);
    if (result.code !== 0 || !existsSync(out)) {
      throw new Error(`electronegativity failed (${result.code}): ${result.output}`);
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

/**
 * The "## Electronegativity" section of docs/security.md, split at its `### ` headings: heading
 * text → body.
 */
function justifications(): Map<string, string> {
  const doc = readFileSync(SECURITY_DOC, 'utf8');
  const start = doc.search(/^## Electronegativity\s*$/m);
  if (start < 0) throw new Error('docs/security.md has no "## Electronegativity" section');
  const rest = doc.slice(start).split('\n').slice(1).join('\n');
  const end = rest.search(/^## /m);
  const section = end < 0 ? rest : rest.slice(0, end);
  const out = new Map<string, string>();
  for (const part of section.split(/^### /m).slice(1)) {
    const newline = part.indexOf('\n');
    out.set(part.slice(0, newline).trim(), part.slice(newline + 1).trim());
  }
  return out;
}

/** Why `entry` is not in docs/security.md as it should be, or null when it is. */
function missingJustification(entry: Accepted, sections: Map<string, string>): string | null {
  const heading = `\`${entry.check}\` in \`${entry.file}\``;
  const body = sections.get(heading);
  if (body === undefined) return `no "### ${heading}" subsection under "## Electronegativity"`;
  if (!body.includes('**What it flags.**')) return `"### ${heading}" does not say what it flags ("**What it flags.**")`;
  if (!/\*\*(Why it does not apply|How it is mitigated)\.\*\*/.test(body)) {
    return `"### ${heading}" says neither "**Why it does not apply.**" nor "**How it is mitigated.**"`;
  }
  if (body.length < 300) return `"### ${heading}" is too short to justify anything`;
  return null;
}

describe('electronegativity', () => {
  it(
    'reports nothing beyond the accepted findings, each justified in docs/security.md',
    { timeout: 120_000 },
    async () => {
      const accepted = JSON.parse(readFileSync(ACCEPTED_FILE, 'utf8')) as Accepted[];
      for (const entry of accepted) {
        expect(entry.check, JSON.stringify(entry)).toMatch(/^[A-Z_]+$/);
        expect(entry.file, JSON.stringify(entry)).toBeTruthy();
        expect(entry.reason.length, `${entry.check} in ${entry.file} needs a real reason`).toBeGreaterThanOrEqual(40);
      }
      const sections = justifications();
      const unjustified = accepted
        .map((entry) => [entry, missingJustification(entry, sections)] as const)
        .filter(([, problem]) => problem !== null)
        .map(([entry, problem]) => `${entry.check} ${entry.file}: ${problem}`);
      expect(unjustified, 'every accepted finding needs its subsection in docs/security.md').toEqual([]);

      const runs = await Promise.all([runElectronegativity(ELECTRON_VERSION), runElectronegativity()]);
      const findings = runs.flat();
      const isAccepted = (f: Finding) => accepted.some((a) => a.check === f.check && a.file === f.file);

      const unexplained = [
        ...new Set(findings.filter((f) => !isAccepted(f)).map((f) => `${f.check} ${f.file}:${f.line} ${f.message}`)),
      ];
      expect(
        unexplained,
        'fix these, or add them to docs/electronegativity-accepted.json and docs/security.md',
      ).toEqual([]);

      const stale = accepted
        .filter((a) => !findings.some((f) => f.check === a.check && f.file === a.file))
        .map((a) => `${a.check} ${a.file}`);
      expect(stale, 'no longer reported: remove from docs/electronegativity-accepted.json').toEqual([]);
    },
  );
});
