import { describe, expect, it } from 'vitest';
import { createLexiconAnalyser, lexiconAnalyser } from './lexicon-analyser.ts';
import type { CommentInsight } from './types.ts';

const analyse = (text: string, locale?: string) => lexiconAnalyser.analyse(text, locale) as CommentInsight;
const score = (text: string, locale?: string) => analyse(text, locale).sentiment.score;
const label = (text: string, locale?: string) => analyse(text, locale).sentiment.label;

describe('lexiconAnalyser: sentiment', () => {
  it('is synchronous and names itself', () => {
    expect(lexiconAnalyser.analyse('good')).not.toBeInstanceOf(Promise);
    expect(lexiconAnalyser.name).toBe('lexicon@1');
  });

  it('scores within −1…1, neutral near 0', () => {
    for (const text of ['good', 'bad', 'terrible terrible awful worst scam', 'amazing perfect love love love']) {
      expect(Math.abs(score(text))).toBeLessThan(1);
    }
    expect(label('The parcel was delivered to the pickup point.')).toBe('neutral');
  });

  it('negates: "not good", "ไม่ดี", "không tốt" are negative', () => {
    expect(label('good')).toBe('positive');
    expect(label('not good')).toBe('negative');
    expect(label("The support wasn't helpful")).toBe('negative');
    expect(label('ดี')).toBe('positive');
    expect(label('ไม่ดี')).toBe('negative');
    expect(label('tốt')).toBe('positive');
    expect(label('không tốt')).toBe('negative');
    expect(label('chưa hài lòng')).toBe('negative');
  });

  it('reads "not bad" as faint praise, weaker than "good"', () => {
    expect(label('not bad')).not.toBe('negative');
    expect(score('not bad')).toBeGreaterThan(0);
    expect(score('not bad')).toBeLessThan(score('good'));
    expect(score('ไม่เลว')).toBeGreaterThan(0);
    expect(score('không tệ')).toBeGreaterThan(0);
  });

  it('turns "no problem" and "nobody replied" the right way', () => {
    expect(label('No problems at all, thanks')).toBe('positive');
    expect(label('ไม่มีปัญหาอะไรเลย')).toBe('positive');
    expect(label('không có vấn đề gì')).toBe('positive');
    expect(label('Nobody replied to my emails')).toBe('negative');
    expect(label("The tracking link doesn't work")).toBe('negative');
    expect(label('ทักไปไม่มีใครตอบ')).toBe('negative');
    expect(label('nhắn tin không ai trả lời')).toBe('negative');
  });

  it('strengthens with intensifiers, before or after the word', () => {
    expect(score('very good')).toBeGreaterThan(score('good'));
    expect(score('extremely slow')).toBeLessThan(score('slow'));
    expect(score('ดีมาก')).toBeGreaterThan(score('ดี'));
    expect(score('ช้าสุดๆ')).toBeLessThan(score('ช้า'));
    expect(score('rất tốt')).toBeGreaterThan(score('tốt'));
    expect(score('tốt lắm')).toBeGreaterThan(score('tốt'));
    expect(score('tệ quá')).toBeLessThan(score('tệ'));
    expect(score('a bit slow')).toBeGreaterThan(score('slow'));
    expect(score('sooo good')).toBeGreaterThan(score('good'));
  });

  it('weighs the clause after a contrast word more', () => {
    expect(label('The price is good but the delivery was terrible')).toBe('negative');
    expect(label('The delivery was slow but the quality is excellent')).toBe('positive');
    expect(label('จัดส่งเร็วมากแต่แพ็คของไม่ดีเลย')).toBe('negative');
    expect(label('Giao hàng hơi chậm nhưng chất lượng tuyệt vời')).toBe('positive');
    // the same words, the other way round, flip
    expect(score('slow delivery but great quality')).toBeGreaterThan(0);
    expect(score('great quality but slow delivery')).toBeLessThan(0);
  });

  it('reads emoji and emoticons alongside words', () => {
    expect(score('arrived today 😍')).toBeGreaterThan(0.3);
    expect(score('arrived today 😡')).toBeLessThan(-0.3);
    expect(score('thanks :)')).toBeGreaterThan(score('thanks'));
    expect(score('no reply yet :(')).toBeLessThan(score('no reply yet'));
  });

  it('gives empty, whitespace, punctuation and emoji-only comments neutral 0 and no terms', () => {
    for (const text of ['', '   \n\t', '👍👍', '😡', '!!!', '🙂 🎉']) {
      expect(lexiconAnalyser.analyse(text)).toEqual({
        sentiment: { label: 'neutral', score: 0 },
        terms: [],
        language: 'en',
      });
    }
  });

  it('reads Thai and Vietnamese comments as a customer wrote them', () => {
    expect(label('ส่งไวมาก แพ็คของดี ประทับใจค่ะ')).toBe('positive');
    expect(label('ของไม่ตรงปก ผิดหวังมาก')).toBe('negative');
    expect(label('giao hàng nhanh, rất hài lòng')).toBe('positive');
    expect(label('Hàng bị móp, giao trễ ba ngày')).toBe('negative');
    expect(label('Mình thanh toán bằng thẻ.')).toBe('neutral');
  });

  it('reads English words borrowed into Thai and Vietnamese, not Vietnamese syllables as English', () => {
    expect(label('ส่งเร็ว good มาก')).toBe('positive');
    expect(label('App lag quá, thanh toán mãi không được', 'vi')).toBe('negative');
    expect(label('Mình cần xuất hoá đơn công ty.')).toBe('neutral'); // "ty" is not "thank you" here
  });
});

describe('lexiconAnalyser: terms', () => {
  it('segments Thai into words and keeps compounds whole', () => {
    const { terms, language } = analyse('จัดส่งเร็วมากแต่แพ็คของไม่ดี');
    expect(language).toBe('th');
    expect(terms).toContain('จัดส่ง');
    expect(terms.some((term) => term === 'แพ็ค' || term === 'แพ็คของ')).toBe(true);
  });

  it("re-cuts Thai where ICU's dictionary cuts differently from the lexicon", () => {
    // ICU: โยนก|ล่อง (for โยน|กล่อง), โอ|เคน|ะ (for โอเค|นะ), แอด|มินก็ (for แอดมิน|ก็)
    expect(analyse('คนส่งโยนกล่องข้ามรั้ว แย่มาก').terms).toEqual(expect.arrayContaining(['คนส่ง', 'กล่อง']));
    expect(analyse('ก็โอเคนะ')).toMatchObject({ sentiment: { label: 'neutral' }, terms: [] });
    expect(analyse('ถามแอดมินก็ไม่รู้').terms).toContain('แอดมิน');
    // …but never cuts a known word out of an unknown one: ไวน์ (wine) is not ไว (fast)
    expect(analyse('ดื่มไวน์').sentiment.score).toBe(0);
  });

  it('keeps Vietnamese multi-syllable words together', () => {
    const insight = analyse('giao hàng nhanh, rất hài lòng');
    expect(insight.sentiment.label).toBe('positive');
    expect(insight.terms).toContain('giao hàng');
    expect(insight.terms).not.toContain('giao');
    expect(insight.terms).not.toContain('hàng');
  });

  it('lower-cases, singularises, drops stopwords and sentiment words, puts domain words first', () => {
    const { terms } = analyse('The Deliveries were LATE and two Boxes were crushed, but the refunds came fast');
    expect(terms.slice(0, 3)).toEqual(['delivery', 'box', 'refund']);
    for (const word of ['the', 'were', 'late', 'crushed', 'fast', 'two']) expect(terms).not.toContain(word);
  });

  it('returns at most five terms, each once', () => {
    const { terms } = analyse(
      'Checkout, payment, refund, delivery, packaging, support, app and website were all fine; checkout again fine',
    );
    expect(terms).toHaveLength(5);
    expect(new Set(terms).size).toBe(5);
    // domain words only: "again", "all" and "fine" never make it
    for (const term of terms)
      expect(['checkout', 'payment', 'refund', 'delivery', 'packaging', 'support', 'app', 'website']).toContain(term);
  });

  it('keeps English phrases of the domain whole', () => {
    expect(analyse('Customer service was rude').terms[0]).toBe('customer service');
    expect(analyse('The discount code did not work').terms[0]).toBe('discount code');
  });
});

describe('createLexiconAnalyser', () => {
  it('takes a wider or narrower neutral band', () => {
    const lenient = createLexiconAnalyser({ neutralBand: 0.1 });
    const strict = createLexiconAnalyser({ neutralBand: 0.9 });
    expect(lenient.analyse('ok')).toMatchObject({ sentiment: { label: 'positive' } });
    expect(strict.analyse('good')).toMatchObject({ sentiment: { label: 'neutral' } });
  });

  it('takes lexicons for more languages, English staying the fallback', () => {
    const analyser = createLexiconAnalyser({
      lexicons: [
        {
          language: 'de',
          joiner: ' ',
          polarity: { gut: 1.5, schlecht: -1.8 },
          negators: ['nicht'],
          boosters: { sehr: 0.4 },
          postBoosters: {},
          contrast: ['aber'],
          concessive: [],
          aspects: ['lieferung'],
          stopwords: ['die', 'war'],
        },
      ],
    });
    expect(analyser.analyse('Die Lieferung war nicht gut', 'de-DE')).toEqual({
      sentiment: { label: 'negative', score: expect.any(Number) },
      terms: ['lieferung'],
      language: 'de',
    });
    // no English lexicon given: English text still gets an answer, only a neutral one
    expect(analyser.analyse('great')).toMatchObject({ sentiment: { label: 'neutral', score: 0 }, language: 'en' });
  });
});
