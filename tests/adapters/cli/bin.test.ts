/**
 * `npx amicus …` runs the file named by package.json's `bin` directly, so it must be built,
 * start with a shebang and be executable; otherwise the README's first command fails with
 * "Permission denied" on a fresh machine.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { repositoryRoot } from '../../support/shared-data.js';

const packageJson = z
  .object({ bin: z.object({ amicus: z.string() }) })
  .parse(JSON.parse(readFileSync(path.join(repositoryRoot, 'package.json'), 'utf8')));
const binFile = path.join(repositoryRoot, packageJson.bin.amicus);

describe('the amicus bin', () => {
  it('is built, starts with a node shebang and is executable', () => {
    expect(readFileSync(binFile, 'utf8').split('\n')[0]).toBe('#!/usr/bin/env node');
    expect(statSync(binFile).mode & 0o111).not.toBe(0);
  });

  it('runs as a program of its own, without `node` in front', () => {
    const result = spawnSync(binFile, ['--help'], { encoding: 'utf8', cwd: repositoryRoot });
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: amicus');
  });
});
