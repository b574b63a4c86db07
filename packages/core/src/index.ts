export * from './metrics.ts';
export * from './metric-math.ts';
export * from './response-schema.ts';
export * from './api-types.ts';
export * from './uuid.ts';
