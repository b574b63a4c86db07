import { describe, expect, it } from 'vitest';
import { isWebUrl } from './safe-url.ts';

describe('isWebUrl', () => {
  it('links only absolute http(s) URLs', () => {
    expect(isWebUrl('https://shop.example/checkout?step=2')).toBe(true);
    expect(isWebUrl('http://localhost:8787/')).toBe(true);
    expect(isWebUrl('javascript:alert(1)')).toBe(false);
    expect(isWebUrl('JAVASCRIPT:alert(1)')).toBe(false);
    expect(isWebUrl('data:text/html,<script>alert(1)</script>')).toBe(false);
    expect(isWebUrl('/relative/path')).toBe(false);
    expect(isWebUrl('not a url')).toBe(false);
  });
});
