import { en } from './en.ts';
import type { Locale } from './locales.ts';
import { th } from './th.ts';
import type { Messages } from './types.ts';
import { vi } from './vi.ts';

export type { Messages } from './types.ts';
export { LOCALES, pickLocale, type Locale } from './locales.ts';

export const MESSAGES: Record<Locale, Messages> = { en, th, vi };
