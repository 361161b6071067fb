/** pacedImmediate: Dawn's native tick callbacks go to setTimeout once a wait has lasted spinMs; JS callbacks never do. */
import { describe, expect, it } from 'vitest';
import { pacedImmediate } from '../../src/backends/webgpu/dawn-ticks.js';

describe('pacedImmediate', () => {
  it('runs native ticks at once for spinMs of a wait, then paced, and at once again after a gap', () => {
    let clock = 0;
    const log: string[] = [];
    const wrap = pacedImmediate(
      () => log.push('now'),
      () => log.push('later'),
      () => clock,
      2,
    );
    const native = Array.prototype.push.bind([]); // toString: "function () { [native code] }"
    const js = () => {};
    const tickAt = (...ts: number[]) => ts.forEach((t) => ((clock = t), wrap(native)));
    tickAt(0, 0.5, 1.5, 2, 2.5, 3.5);
    expect(log).toEqual(['now', 'now', 'now', 'now', 'later', 'later']);
    // JavaScript callbacks are never delayed, even mid-wait.
    clock = 3.6;
    wrap(js);
    expect(log.at(-1)).toBe('now');
    // Ticks 1 ms apart (paced) keep the wait going; a gap of over 4 ms starts a new one.
    log.length = 0;
    tickAt(4.5, 5.5, 20, 21, 22.5);
    expect(log).toEqual(['later', 'later', 'now', 'now', 'later']);
  });

  it('passes the arguments through either way', () => {
    const got: unknown[][] = [];
    const wrap = pacedImmediate((_fn, ...a) => got.push(['now', ...a]), (_fn, ...a) => got.push(['later', ...a]), () => 0, 0);
    wrap(() => {}, 1, 2);
    expect(got).toEqual([['now', 1, 2]]);
  });
});
