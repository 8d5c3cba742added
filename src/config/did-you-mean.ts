/**
 * "Did you mean" for config values: the one helper every hint uses, whether
 * the typo is in a key (`cdir`), an instance family (`t5`), a size or a
 * guardrail rule id (`alb-deletion-protect`).
 */

/** Levenshtein distance between two strings. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  return d[a.length][b.length];
}

/** Edit distance ≤ 2, or the same letters ignoring case: catches typos such as "cdir" or "Email". */
export function closeEnough(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase() || editDistance(a, b) <= 2;
}

const commonPrefix = (a: string, b: string): number => {
  let n = 0;
  while (n < a.length && n < b.length && a[n] === b[n]) n++;
  return n;
};

/**
 * The candidate `word` most likely meant, or undefined when none is close
 * enough: the closest, then the one sharing the longest start with `word`
 * (t5 → t1 rather than c5), then the earliest.
 */
export function didYouMean(word: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; distance: number; prefix: number } | undefined;
  for (const candidate of candidates) {
    if (!closeEnough(candidate, word)) continue;
    const distance = candidate.toLowerCase() === word.toLowerCase() ? 0 : editDistance(candidate, word);
    const prefix = commonPrefix(candidate, word);
    if (!best || distance < best.distance || (distance === best.distance && prefix > best.prefix)) best = { candidate, distance, prefix };
  }
  return best?.candidate;
}

/**
 * Up to `count` candidates nearest to `word`, however far: the closest first,
 * ties to the one sharing the longest start with `word`, then the earliest.
 * For hints that always name some valid values (e.g. rule ids).
 */
export function nearest(word: string, candidates: Iterable<string>, count = 3): string[] {
  return [...candidates]
    .map((candidate, i) => ({ candidate, i, distance: editDistance(candidate, word), prefix: commonPrefix(candidate, word) }))
    .sort((a, b) => a.distance - b.distance || b.prefix - a.prefix || a.i - b.i)
    .slice(0, count)
    .map((c) => c.candidate);
}
