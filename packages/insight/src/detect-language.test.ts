import { describe, expect, it } from 'vitest';
import { detectLanguage } from './detect-language.ts';

describe('detectLanguage', () => {
  it('reads Thai from its script, whatever the locale says', () => {
    expect(detectLanguage('ส่งเร็วมาก')).toBe('th');
    expect(detectLanguage('ส่งเร็ว good มาก', 'en-US')).toBe('th');
  });

  it('reads Vietnamese from letters only Vietnamese uses', () => {
    expect(detectLanguage('Giao hàng nhanh')).toBe('vi');
    expect(detectLanguage('Tốt')).toBe('vi');
    expect(detectLanguage('Hàng tốt, giá rẻ'.normalize('NFD'))).toBe('vi');
    expect(detectLanguage('đẹp')).toBe('vi');
    // decomposed (NFD) input, as some keyboards send it
    expect(detectLanguage('Tốt'.normalize('NFD'))).toBe('vi');
  });

  it('does not take French or Spanish accents for Vietnamese', () => {
    expect(detectLanguage('très bien, livraison rapide', 'fr-FR')).toBe('fr');
    expect(detectLanguage('envío rápido')).toBe('en');
  });

  it("falls back to the locale's primary tag, then to English", () => {
    expect(detectLanguage('ok', 'vi-VN')).toBe('vi');
    expect(detectLanguage('great service', 'de_AT')).toBe('de');
    expect(detectLanguage('great service', null)).toBe('en');
    expect(detectLanguage('great service', 'not a tag!')).toBe('en');
    expect(detectLanguage('')).toBe('en');
  });
});
