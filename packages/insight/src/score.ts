import type { Unit } from './match.ts';

// Weights in the spirit of VADER (Hutto & Gilbert, 2014), re-derived for short feedback.
const NEGATION_SCOPE = 3; // words a negator reaches ("not very happy with", "ไม่ค่อยดี")
const BEFORE_CONTRAST = 0.5; // "good price, but…": what came before "but" counts half
const AFTER_CONTRAST = 1.5; // …and what follows counts one and a half
const CONCESSIVE_CLAUSE = 0.5; // "even though it said free shipping"
const EMPHASIS = 1.25; // "soooo good", "ชอบๆ"
const POST_BOOSTER_REACH = 2; // "ดีมาก", "love it so much": a booster may trail its word by two

/**
 * The signed strength of the sentiment in a comment: the sum of its sentiment words after
 * negation, boosters, contrast and concession, before squashing into −1…1.
 */
export function sentimentSum(units: readonly Unit[], emoji: ReadonlyMap<string, number>): number {
  let total = 0;
  let sentence = 0;
  let afterContrast = 1;
  let clause = 1;
  let negation = 0;
  let boost = 1;
  let last: { contribution: number; distance: number } | undefined;

  const add = (value: number) => {
    const contribution = value * afterContrast * clause;
    sentence += contribution;
    last = { contribution, distance: 0 };
  };
  const endsClause = (from: number) => {
    for (let j = from; j < units.length; j++) {
      const unit = units[j]!;
      if (unit.kind !== 'word') return true;
      if (unit.entry?.postBooster === undefined) return false;
    }
    return true;
  };

  for (let j = 0; j < units.length; j++) {
    const unit = units[j]!;
    const entry = unit.entry;
    if (unit.kind === 'stop') {
      total += sentence;
      sentence = 0;
      afterContrast = 1;
    }
    if (unit.kind !== 'word') {
      clause = 1;
      negation = 0;
      boost = 1;
      last = undefined;
      const value = unit.kind === 'emoji' ? emoji.get(unit.key) : undefined;
      if (value !== undefined) add(value);
      continue;
    }
    if (entry?.contrast) {
      // "…fine. But the delivery…" opens its sentence and answers the one before.
      if (sentence === 0) total *= BEFORE_CONTRAST;
      else sentence *= BEFORE_CONTRAST;
      afterContrast = AFTER_CONTRAST;
      negation = 0;
      boost = 1;
      last = undefined;
      continue;
    }
    if (entry?.concessive) {
      clause = CONCESSIVE_CLAUSE;
      continue;
    }
    if (entry?.negator && !entry.polarity) {
      if (entry.clauseFinal !== undefined && endsClause(j + 1)) add(entry.clauseFinal * boost);
      else negation = NEGATION_SCOPE;
      boost = 1;
      continue;
    }
    const polarity = entry?.polarity;
    const value = polarity ? (negation > 0 ? polarity[1] : polarity[0]) : 0;
    if (value !== 0) {
      add(value * boost * (unit.emphatic ? EMPHASIS : 1));
      negation = 0;
      boost = 1;
      continue;
    }
    const postBooster = entry?.postBooster;
    if (postBooster !== undefined && last && last.distance <= POST_BOOSTER_REACH) {
      const weight = postBooster * (unit.emphatic ? EMPHASIS : 1);
      sentence += last.contribution * weight;
      last.contribution *= 1 + weight;
      continue;
    }
    if (entry?.booster !== undefined) {
      boost *= 1 + entry.booster * (unit.emphatic ? EMPHASIS : 1);
      continue;
    }
    if (negation > 0) negation--;
    if (last) last.distance++;
  }
  return total + sentence;
}
