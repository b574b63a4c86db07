import type { ResponseBody } from '@touchpoint/core/types';

export const CSV_COLUMNS = [
  'id',
  'createdAt',
  'receivedAt',
  'touchpoint',
  'metric',
  'score',
  'comment',
  'locale',
  'page',
  'visitorId',
  'contactId',
  'verified',
  'metadata',
  'sentiment',
  'terms',
  'followUp',
] as const;

/**
 * One RFC 4180 field. Text a spreadsheet would run as a formula (=, +, -, @,
 * tab, CR) gets a leading apostrophe: comments are written by strangers.
 */
export function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  let text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvHeader(): string {
  return CSV_COLUMNS.join(',') + '\r\n';
}

export function csvRow(response: ResponseBody): string {
  return (
    CSV_COLUMNS.map((column) => {
      if (column === 'sentiment') return csvField(response.sentiment?.label ?? null);
      if (column === 'terms') return csvField(response.terms?.join('; ') ?? null);
      return csvField(response[column]);
    }).join(',') + '\r\n'
  );
}
