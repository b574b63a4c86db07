import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// These tests read the shipped files in dist/, not the sources: the budget is
// about what visitors download.
const GZIP_BUDGET = 12 * 1024;
const scriptTagBuild = fileURLToPath(new URL('../dist/widget.js', import.meta.url));
const esmBuild = fileURLToPath(new URL('../dist/touchpoint.mjs', import.meta.url));

function readBuilt(path: string): Buffer {
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return readFileSync(path);
}

describe('dist/widget.js', () => {
  it(`stays within ${GZIP_BUDGET} bytes gzipped, Preact included`, () => {
    const file = readBuilt(scriptTagBuild);
    const gzip = gzipSync(file, { level: 9 }).length;
    const brotli = brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
    console.log(`widget.js: ${file.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${GZIP_BUDGET} B gzip)`);
    expect(gzip).toBeLessThanOrEqual(GZIP_BUDGET);
  });

  it('carries no validator', () => {
    expect(readBuilt(scriptTagBuild).toString()).not.toContain('zod');
  });

  it('is a self-contained IIFE, not a module', () => {
    const code = readBuilt(scriptTagBuild).toString();
    expect(code.trimStart().startsWith('(function')).toBe(true);
    expect(code).not.toMatch(/^\s*(import|export)\b/m);
  });
});

describe('dist/touchpoint.mjs', () => {
  it('exports touchpoint and configure, and touches no DOM on import', async () => {
    readBuilt(esmBuild);
    const widget = (await import(esmBuild)) as Record<string, unknown>;
    expect(typeof widget.touchpoint).toBe('function');
    expect(typeof widget.configure).toBe('function');
  });

  it('carries no validator', () => {
    expect(readBuilt(esmBuild).toString()).not.toContain('zod');
  });
});
