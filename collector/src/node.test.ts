import { describe, expect, it } from 'vitest';
import { describeError } from './node.ts';

describe('describeError', () => {
  it('gives a fault its stack, and a write refused for another process holding the database one line', () => {
    const fault = new Error('disk on fire');
    expect(describeError(fault)).toBe(fault.stack);
    const locked = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY' });
    expect(describeError(locked)).toBe('SQLITE_BUSY: database is locked');
    const snapshot = Object.assign(new Error('database is locked'), { code: 'SQLITE_BUSY_SNAPSHOT' });
    expect(describeError(snapshot)).toBe('SQLITE_BUSY_SNAPSHOT: database is locked');
    expect(describeError('plain words')).toBe('plain words');
  });
});
