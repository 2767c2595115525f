// Which files of electron-builder's output make up one update release (scripts/release.mjs):
// every latest*.yml, each file it names (url:/path:), and that file's .blockmap when there is one.
// Nothing else from dist/ (unpacked apps, builder-debug.yml, an older build's installers).
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

const LATEST_YML = /^latest(-[a-z0-9]+)?\.yml$/;

/** The release file names in `distDir`, and the version the latest*.yml files name. */
export function releaseFiles(distDir) {
  const ymls = readdirSync(distDir).filter((n) => LATEST_YML.test(n));
  if (ymls.length === 0) throw new Error(`${distDir} has no latest*.yml: did electron-builder run?`);
  const names = new Set(ymls);
  const versions = new Set();
  for (const yml of ymls) {
    const text = readFileSync(path.join(distDir, yml), 'utf8');
    const version = /^version:\s*['"]?([^'"\s]+)/m.exec(text);
    if (!version) throw new Error(`${yml} names no version`);
    versions.add(version[1]);
    for (const m of text.matchAll(/^\s*-?\s*(?:url|path):\s*['"]?([^'"\n]+?)['"]?\s*$/gm)) {
      const name = decodeURIComponent(m[1]);
      if (!existsSync(path.join(distDir, name))) throw new Error(`${yml} names ${name}, which is not in ${distDir}`);
      names.add(name);
      if (existsSync(path.join(distDir, `${name}.blockmap`))) names.add(`${name}.blockmap`);
    }
  }
  if (versions.size !== 1)
    throw new Error(`the latest*.yml files name different versions: ${[...versions].join(', ')}`);
  return { version: [...versions][0], names: [...names].sort() };
}

/** Copies the release's files into a new folder `outDir` (which must not exist yet). */
export function collectRelease(distDir, outDir) {
  const { version, names } = releaseFiles(distDir);
  if (existsSync(outDir)) throw new Error(`${outDir} already exists; a release folder is never reused`);
  mkdirSync(outDir, { recursive: true });
  for (const name of names) copyFileSync(path.join(distDir, name), path.join(outDir, name));
  return { version, names };
}
