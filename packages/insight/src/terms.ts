import type { Unit } from './match.ts';

const MAX_TERMS = 5;
const OPINION_REACH = 3; // a word this close to a sentiment word, in its clause, is what the opinion is about

/**
 * Key terms of a comment: domain vocabulary first (delivery, checkout, จัดส่ง, giao hàng),
 * then other content words; within each, words near a sentiment word first, then in
 * reading order. Stopwords, sentiment words, negators, boosters and numbers never count.
 */
export function keyTerms(units: readonly Unit[]): string[] {
  const candidates: { term: string; salience: number; order: number }[] = [];
  units.forEach((unit, index) => {
    if (unit.kind !== 'word' || !isContentWord(unit)) return;
    const salience = (unit.entry?.aspect ? 2 : 0) + (nearOpinion(units, index) ? 1 : 0);
    candidates.push({ term: unit.key, salience, order: index });
  });
  candidates.sort((a, b) => b.salience - a.salience || a.order - b.order);
  const terms: string[] = [];
  for (const { term } of candidates) {
    if (!terms.includes(term)) terms.push(term);
    if (terms.length === MAX_TERMS) break;
  }
  return terms;
}

function isContentWord(unit: Unit): boolean {
  if (unit.entry?.aspect) return true;
  if (unit.entry) return false;
  if (/^[\p{N}\p{P}\p{S}]/u.test(unit.key)) return false;
  return /^[a-z'-]+$/.test(unit.key) ? unit.key.length >= 3 : unit.key.length >= 2;
}

function nearOpinion(units: readonly Unit[], index: number): boolean {
  for (const step of [-1, 1]) {
    for (let j = index + step, reach = 0; j >= 0 && j < units.length && reach < OPINION_REACH; j += step, reach++) {
      const unit = units[j]!;
      if (unit.kind !== 'word') break;
      if (unit.entry?.polarity && unit.entry.polarity[0] !== 0) return true;
    }
  }
  return false;
}
