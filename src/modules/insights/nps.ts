/**
 * Net Promoter Score: the share of promoters (9–10) minus the share of detractors (0–6), in points
 * from −100 to 100, over scores from 0 to 10. Plain functions, no I/O.
 */
export interface ScoreSummary {
  answers: number;
  /** Mean score, two decimals; null without answers. */
  averageScore: number | null;
  /** −100…100, one decimal; null without answers. */
  nps: number | null;
  promoters: number;
  passives: number;
  detractors: number;
}

export function isScore(value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 10;
}

export function summariseScores(scores: readonly number[]): ScoreSummary {
  let promoters = 0;
  let detractors = 0;
  let sum = 0;
  for (const score of scores) {
    if (!isScore(score)) throw new RangeError(`not a score from 0 to 10: ${score}`);
    sum += score;
    if (score >= 9) promoters += 1;
    else if (score <= 6) detractors += 1;
  }
  const n = scores.length;
  return {
    answers: n,
    averageScore: n === 0 ? null : Math.round((sum / n) * 100) / 100,
    nps: n === 0 ? null : Math.round(((promoters - detractors) / n) * 1000) / 10,
    promoters,
    passives: n - promoters - detractors,
    detractors,
  };
}
