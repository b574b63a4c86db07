// Type-only entry for the widget and dashboard: importing it adds no bytes.
export type * from './api-types.ts';
export type * from './metric-math.ts';
export type { SubmittedResponse } from './response-schema.ts';
export type { MetricName } from './metrics.ts';
