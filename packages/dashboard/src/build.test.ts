import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';

// These read the built files in dist/, which the collector serves: the budget is about what a browser downloads.
const GZIP_BUDGET = { 'dashboard.js': 24 * 1024, 'dashboard.css': 6 * 1024 };
const dist = (name: string) => fileURLToPath(new URL(`../dist/${name}`, import.meta.url));

function readBuilt(name: string): Buffer {
  if (!existsSync(dist(name))) throw new Error(`dist/${name} is missing: run npm run build -w @touchpoint/dashboard`);
  return readFileSync(dist(name));
}

describe('the dashboard build', () => {
  it('is one page referencing one script and one stylesheet under fixed /dashboard/ names', () => {
    const html = readBuilt('index.html').toString();
    expect(html).toContain('src="/dashboard/dashboard.js"');
    expect(html).toContain('href="/dashboard/dashboard.css"');
    // Nothing inline, so the collector can send a CSP without 'unsafe-inline'.
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=/);
  });

  for (const [name, budget] of Object.entries(GZIP_BUDGET)) {
    it(`${name} stays within ${budget} bytes gzipped`, () => {
      const file = readBuilt(name);
      const gzip = gzipSync(file, { level: 9 }).length;
      const brotli = brotliCompressSync(file, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
      console.log(`${name}: ${file.length} B raw, ${gzip} B gzip, ${brotli} B brotli (budget ${budget} B gzip)`);
      expect(gzip).toBeLessThanOrEqual(budget);
    });
  }

  it('never renders HTML from data: no source file sets HTML', () => {
    const sources = readdirSync(fileURLToPath(new URL('.', import.meta.url)), { recursive: true, encoding: 'utf8' })
      .filter((path) => /\.tsx?$/.test(path) && !path.endsWith('.test.ts'))
      .filter((path) =>
        /dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML/.test(
          readFileSync(new URL(path, import.meta.url), 'utf8'),
        ),
      );
    expect(sources).toEqual([]);
  });
});
