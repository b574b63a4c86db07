import { npsCategory, type MetricName } from '@touchpoint/core';
import type { ContactMetricSummary, ContactSummary } from '@touchpoint/core/types';
import type { StoredResponse } from '../store/types.ts';

const iso = (epochMs: number) => new Date(epochMs).toISOString();

/** A latest score this close to the earlier mean counts as no change. */
const FLAT_BAND = 0.5;

function metricSummary(answers: StoredResponse[]): ContactMetricSummary {
  const latest = answers[answers.length - 1]!;
  const earlier = answers.slice(0, -1);
  const earlierMean = earlier.reduce((sum, answer) => sum + answer.score, 0) / (earlier.length || 1);
  let trend: ContactMetricSummary['trend'] = null;
  if (earlier.length > 0) {
    const change = latest.score - earlierMean;
    trend = change > FLAT_BAND ? 'up' : change < -FLAT_BAND ? 'down' : 'flat';
  }
  return {
    count: answers.length,
    mean: answers.reduce((sum, answer) => sum + answer.score, 0) / answers.length,
    latest: { score: latest.score, touchpoint: latest.touchpoint, at: iso(latest.createdAt) },
    trend,
  };
}

/**
 * Folds a contact's verified answers (oldest first) into the summary a CRM
 * maps onto its contact record; null when there are none.
 */
export function summarizeContact(contactId: string, answers: StoredResponse[]): ContactSummary | null {
  if (answers.length === 0) return null;
  const byMetric = new Map<MetricName, StoredResponse[]>();
  // A Map, turned into an object at the end: a touchpoint stored before "__proto__" was refused stays a key.
  const touchpoints = new Map<string, ContactSummary['touchpoints'][string]>();
  let lastComment: ContactSummary['lastComment'] = null;
  for (const answer of answers) {
    const metricAnswers = byMetric.get(answer.metric);
    if (metricAnswers) metricAnswers.push(answer);
    else byMetric.set(answer.metric, [answer]);
    touchpoints.set(answer.touchpoint, { metric: answer.metric, score: answer.score, at: iso(answer.createdAt) });
    if (answer.comment) {
      lastComment = {
        text: answer.comment,
        sentiment: answer.sentiment?.label ?? null,
        touchpoint: answer.touchpoint,
        metric: answer.metric,
        score: answer.score,
        at: iso(answer.createdAt),
      };
    }
  }
  const metrics: ContactSummary['metrics'] = {};
  for (const [metric, metricAnswers] of byMetric) metrics[metric] = metricSummary(metricAnswers);
  return {
    contactId,
    responses: answers.length,
    firstSeen: iso(answers[0]!.createdAt),
    lastSeen: iso(answers[answers.length - 1]!.createdAt),
    npsCategory: metrics.nps ? npsCategory(metrics.nps.latest.score) : null,
    metrics,
    touchpoints: Object.fromEntries(touchpoints),
    lastComment,
  };
}
