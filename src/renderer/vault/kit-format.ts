/**
 * How the recovery kit lays out what a person compares or types by eye: no DOM and no React, so
 * a unit test checks it (test/renderer/recovery-kit.test.ts).
 */

/** "ABCD-EFGH-…" (or with spaces) as groups of four characters. */
export function keyGroups(recoveryKey: string): string[] {
  return recoveryKey.replace(/[^0-9A-Za-z]/g, '').match(/.{1,4}/g) ?? [];
}

/**
 * A certificate fingerprint as printed: lowercase hex in groups of four, eight groups a line
 * (formatFingerprint in the core), whatever spacing or line breaks it arrived with, so the screen,
 * the paper and the CLI's `recover` line can be compared group by group.
 */
export function fingerprintLines(fingerprint: string): string[][] {
  const groups =
    fingerprint
      .replace(/[^0-9A-Fa-f]/g, '')
      .toLowerCase()
      .match(/.{1,4}/g) ?? [];
  const lines: string[][] = [];
  for (let i = 0; i < groups.length; i += 8) lines.push(groups.slice(i, i + 8));
  return lines;
}
