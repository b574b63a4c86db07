const THAI = /[\u0E01-\u0E5B]/;
// Letters only Vietnamese uses among Latin-script languages: ă đ ơ ư and the
// Latin Extended Additional block (ạ ả ấ … ỹ) that carries its stacked tone marks.
const VIETNAMESE = /[ăĂđĐơƠưƯ\u1EA0-\u1EF9]/;
// Frequent Vietnamese words whose accents French or Spanish share ("Giao hàng nhanh").
const VIETNAMESE_WORD = /(?<!\p{L})(hàng|quá|và|có|mà|giá|cái|nào|gì|máy|bán|tháng|sáng|làm|nhà|khá|tìm)(?!\p{L})/iu;

/**
 * The language of a comment, from its script: Thai script → 'th'; Vietnamese letters (or a
 * handful of frequent Vietnamese words) → 'vi';
 * otherwise the primary tag of `locale` (lower-case), or 'en' without one.
 * @param text the comment
 * @param locale a BCP 47 tag such as 'th-TH', or null
 * @example detectLanguage('ส่งเร็วมาก') // 'th'
 * @example detectLanguage('great service', 'de-AT') // 'de'
 */
export function detectLanguage(text: string, locale?: string | null): string {
  if (THAI.test(text)) return 'th';
  const normalised = text.normalize('NFC');
  if (VIETNAMESE.test(normalised) || VIETNAMESE_WORD.test(normalised)) return 'vi';
  const primary = locale?.trim().split(/[-_]/)[0]?.toLowerCase();
  return primary && /^[a-z]{2,3}$/.test(primary) ? primary : 'en';
}
