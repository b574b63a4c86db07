import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';

// These tests read the shipped files in dist/, not the sources: the budget is
// about what visitors download.
/** What a visitor downloads before any question shows: the loader, `widget.js`. */
const LOADER_BUDGET = 6 * 1024;
/** Everything needed to show and submit a question: the loader plus `widget-ui.js`, Preact included. */
const TOTAL_BUDGET = 12 * 1024;

const dist = (name: string) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

function readBuilt(name: string): Buffer {
  const path = dist(name);
  if (!existsSync(path)) throw new Error(`${path} is missing: run npm run build first`);
  return readFileSync(path);
}

interface Size {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizeOf(name: string): Size {
  const file = readBuilt(name);
  return {
    raw: file.length,
    gzip: gzipSync(file, { level: 9 }).length,
    brotli: brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const report: string[] = [];
afterAll(() => console.log(report.join('\n')));
const line = (name: string, { raw, gzip, brotli }: Size) =>
  `${name.padEnd(22)} ${String(raw).padStart(6)} B raw ${String(gzip).padStart(6)} B gzip ${String(brotli).padStart(6)} B brotli`;

describe('the script-tag build', () => {
  it(`loads at most ${LOADER_BUDGET} B gzip before any question shows (dist/widget.js)`, () => {
    const loader = sizeOf('widget.js');
    report.push(line('widget.js (loader)', loader) + ` (budget ${LOADER_BUDGET} B gzip)`);
    expect(loader.gzip).toBeLessThanOrEqual(LOADER_BUDGET);
  });

  it(`needs at most ${TOTAL_BUDGET} B gzip in all to show and submit a question (+ dist/widget-ui.js)`, () => {
    const loader = sizeOf('widget.js');
    const ui = sizeOf('widget-ui.js');
    const total = { raw: loader.raw + ui.raw, gzip: loader.gzip + ui.gzip, brotli: loader.brotli + ui.brotli };
    report.push(line('widget-ui.js (survey)', ui), line('total', total) + ` (budget ${TOTAL_BUDGET} B gzip)`);
    expect(total.gzip).toBeLessThanOrEqual(TOTAL_BUDGET);
  });

  it('keeps Preact and the survey out of the loader, and carries no validator', () => {
    const loader = readBuilt('widget.js').toString();
    const ui = readBuilt('widget-ui.js').toString();
    expect(loader).not.toContain('adoptedStyleSheets'); // the UI's first line of CSS handling
    expect(ui).toContain('adoptedStyleSheets');
    expect(loader + ui).not.toContain('zod');
  });

  it('is a self-contained IIFE that imports widget-ui.js, an ES module, from beside itself', () => {
    const loader = readBuilt('widget.js').toString();
    expect(loader.trimStart().startsWith('(function')).toBe(true);
    expect(loader).not.toMatch(/^\s*(import|export)\b/m);
    expect(loader).toContain('`widget-ui.js`');
    expect(readBuilt('widget-ui.js').toString()).toMatch(/export\s*\{[^}]*\bshowSurvey\b/);
  });
});

describe('dist/touchpoint.mjs', () => {
  it('exports touchpoint and configure, and touches no DOM on import', async () => {
    readBuilt('touchpoint.mjs');
    const widget = (await import(dist('touchpoint.mjs'))) as Record<string, unknown>;
    expect(typeof widget.touchpoint).toBe('function');
    expect(typeof widget.configure).toBe('function');
  });

  it('splits the survey into a chunk of its own, Preact left to the app’s bundler', () => {
    const entry = readBuilt('touchpoint.mjs').toString();
    expect(entry).toContain('touchpoint-ui.mjs');
    expect(entry).not.toContain('preact');
    expect(readBuilt('touchpoint-ui.mjs').toString()).toMatch(/from\s*["']preact["']/);
  });

  it('carries no validator', () => {
    expect(readBuilt('touchpoint.mjs').toString() + readBuilt('touchpoint-ui.mjs').toString()).not.toContain('zod');
  });
});
