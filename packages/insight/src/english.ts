// Just enough English morphology to find "crashed", "crashes" and "crashing" under "crash"
// and to count "boxes" and "box" as one term. Not a stemmer: every candidate must still be
// a lexicon key to be used for sentiment.

const KEEP_FINAL_S = /(ss|us|is|ous|ics|news)$/;

/** The singular of a plural noun, or the word itself ("deliveries" → "delivery", "glass" → "glass"). */
export function singular(word: string): string {
  if (word.length <= 3 || KEEP_FINAL_S.test(word)) return word;
  if (word.endsWith('ies')) return `${word.slice(0, -3)}y`;
  if (/(ches|shes|sses|xes|zes)$/.test(word)) return word.slice(0, -2);
  if (word.endsWith('s') && !word.endsWith("'s")) return word.slice(0, -1);
  return word;
}

/** Candidate base forms of an inflected word, most likely first; never includes the word itself. */
export function baseForms(word: string): string[] {
  const forms: string[] = [];
  const push = (form: string) => {
    if (form.length >= 2 && form !== word && !forms.includes(form)) forms.push(form);
  };
  push(singular(word));
  if (word.endsWith('ied')) push(`${word.slice(0, -3)}y`);
  if (word.endsWith('ed')) {
    push(word.slice(0, -2)); // crashed → crash
    push(word.slice(0, -1)); // arrived → arrive
    if (/([bdgklmnprt])\1ed$/.test(word)) push(word.slice(0, -3)); // stopped → stop
  }
  if (word.endsWith('ing') && word.length > 5) {
    push(word.slice(0, -3)); // crashing → crash
    push(`${word.slice(0, -3)}e`); // arriving → arrive
    if (/([bdgklmnprt])\1ing$/.test(word)) push(word.slice(0, -4)); // stopping → stop
  }
  if (word.endsWith('es')) push(word.slice(0, -1)); // arrives → arrive
  if (word.endsWith('ly') && word.length > 5) push(word.slice(0, -2)); // quickly → quick
  return forms;
}
