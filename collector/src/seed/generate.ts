import { uuidv7, type MetricName } from '@touchpoint/core';
import { lexiconAnalyser, scoreMismatch, type CommentInsight } from '@touchpoint/insight';
import type { ResponseRecord } from '../store/types.ts';
import { seededRandom, weighted } from './random.ts';

export interface SeedOptions {
  siteId: string;
  responses: number;
  touchpoints: string[];
  /** The answers spread over this many days up to `end`. */
  days: number;
  end: number;
  /** How many CRM contacts answer (about a third of answers come from a contact). */
  contacts: number;
  seed: number;
  /** The metric each touchpoint asks; by default NPS, CSAT and CES in turn. */
  metricOf?: (touchpoint: string, index: number) => MetricName;
}

/** Score distributions of a healthy but imperfect shop, per metric (weights for each score from the scale's bottom). */
const SCORE_WEIGHTS: Record<MetricName, number[]> = {
  nps: [3, 1, 1, 2, 2, 4, 6, 10, 16, 22, 33],
  csat: [0, 4, 6, 12, 38, 40],
  ces: [0, 3, 4, 7, 12, 22, 28, 24],
};

type Mood = 'happy' | 'neutral' | 'unhappy';

/** Comments by mood and language, so a seeded 2 says something a 2 would say. */
const COMMENTS: Record<Mood, Array<[locale: string, text: string]>> = {
  happy: [
    ['en', 'Fast delivery and friendly support'],
    ['en', 'Love the product, will buy again'],
    ['en', 'Checkout took less than a minute, great!'],
    ['en', 'The support chat solved my problem right away'],
    ['th', 'จัดส่งเร็วมาก ประทับใจ'],
    ['th', 'สินค้าคุณภาพดี แพ็คมาอย่างดี'],
    ['vi', 'Giao hàng nhanh, rất hài lòng'],
    ['vi', 'Nhân viên hỗ trợ rất nhiệt tình'],
  ],
  neutral: [
    ['en', 'It was fine, nothing special'],
    ['en', 'Delivery took the expected three days'],
    ['th', 'โอเค ตามที่คาดไว้'],
    ['vi', 'Bình thường, không có gì đặc biệt'],
  ],
  unhappy: [
    ['en', 'Checkout was confusing on my phone'],
    ['en', 'The parcel arrived late and damaged'],
    ['en', 'Waited 40 minutes for the support chat'],
    ['en', 'Could not find the coupon field'],
    ['th', 'ชำระเงินยากเกินไป'],
    ['th', 'ของมาช้ามาก ไม่ประทับใจ'],
    ['vi', 'Trang thanh toán hơi chậm'],
    ['vi', 'Hàng giao trễ, hộp bị móp'],
  ],
};

function moodOf(metric: MetricName, score: number): Mood {
  const { happy, unhappy } = {
    nps: { happy: 9, unhappy: 6 },
    csat: { happy: 4, unhappy: 2 },
    ces: { happy: 6, unhappy: 3 },
  }[metric];
  return score >= happy ? 'happy' : score <= unhappy ? 'unhappy' : 'neutral';
}

const METRIC_BY_TOUCHPOINT: MetricName[] = ['nps', 'csat', 'ces'];

/**
 * Yields batches of realistic answers in time order: scores skewed as real surveys are,
 * a third from CRM contacts (stored as verified,
 * as if their backend had signed them), some comments.
 */
export function* generateResponses(options: SeedOptions, batchSize = 5000): Generator<ResponseRecord[]> {
  const random = seededRandom(options.seed);
  // Ids as the widget makes them (time-ordered, so answers seeded in time order sort together), from the seed.
  const seededBytes = (bytes: Uint8Array) => bytes.map(() => Math.floor(random() * 256));
  // The comment pool is small: analyse each text once. The lexicon analyser answers synchronously.
  const insights = new Map<string, CommentInsight>();
  const insightOf = (text: string, locale: string) => {
    let insight = insights.get(text);
    if (!insight) insights.set(text, (insight = lexiconAnalyser.analyse(text, locale) as CommentInsight));
    return insight;
  };
  const start = options.end - options.days * 86_400_000;
  let made = 0;
  while (made < options.responses) {
    const batch: ResponseRecord[] = [];
    const size = Math.min(batchSize, options.responses - made);
    for (let index = 0; index < size; index++) {
      const touchpointIndex = Math.floor(random() * options.touchpoints.length);
      const touchpoint = options.touchpoints[touchpointIndex]!;
      const metric = options.metricOf?.(touchpoint, touchpointIndex) ?? METRIC_BY_TOUCHPOINT[touchpointIndex % 3]!;
      const weights = SCORE_WEIGHTS[metric];
      const score = weighted(
        random,
        weights.map((weight, value) => [value, weight] as const),
      );
      // Time walks forward through the seed, as real answers arrive: every index then grows at its
      // end instead of at random places, so seeding 10 million stays as fast as seeding the first.
      const createdAt = start + Math.floor(((made + index + random()) / options.responses) * (options.end - start));
      const pool = COMMENTS[moodOf(metric, score)];
      const [locale, comment] = pool[Math.floor(random() * pool.length)]!;
      let contactId: string | null = null;
      if (options.contacts > 0 && random() < 0.33) {
        contactId = `crm-${1000 + Math.floor(random() * options.contacts)}`;
      }
      const hasComment = random() < (moodOf(metric, score) === 'unhappy' ? 0.45 : 0.15);
      const insight = hasComment ? insightOf(comment, locale) : null;
      batch.push({
        siteId: options.siteId,
        id: uuidv7(createdAt, seededBytes),
        touchpoint,
        metric,
        score,
        // Unhappy customers say why more often than happy ones.
        comment: hasComment ? comment : null,
        locale,
        page: null,
        visitorId: `v-${Math.floor(random() * 1e9).toString(36)}`,
        contactId,
        verified: contactId !== null,
        metadata: null,
        createdAt,
        receivedAt: createdAt,
        sentiment: insight && { label: insight.sentiment.label, score: insight.sentiment.score },
        terms: insight?.terms ?? null,
        followUp: insight !== null && scoreMismatch(metric, score, insight.sentiment.label),
      });
    }
    made += size;
    yield batch;
  }
}
