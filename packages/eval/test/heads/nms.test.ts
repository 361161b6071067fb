/** NMS: hand-computed cases and the greedy rule checked against a brute-force reading of its definition. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type ScoredBox, boxIou, nms, nmsBoxes } from '../../src/index.js';

const box = (x: number, y: number, width: number, height: number, score: number, label?: number): ScoredBox => ({ x, y, width, height, score, label });

describe('nms', () => {
  it('keeps the best of overlapping boxes and the separate ones', () => {
    // A and B overlap: IoU = 8·10 / (100 + 100 − 80) = 0.667; C is far away.
    const boxes = [box(0, 0, 10, 10, 0.8), box(2, 0, 10, 10, 0.9), box(30, 30, 5, 5, 0.3)];
    expect(boxIou(boxes[0], boxes[1])).toBeCloseTo(80 / 120, 12);
    expect(nms(boxes, { iouThreshold: 0.5 })).toEqual([1, 2]);
    // Above the overlap no box is suppressed; equal to it, neither (strictly greater suppresses).
    expect(nms(boxes, { iouThreshold: 0.7 })).toEqual([1, 0, 2]);
    expect(nms(boxes, { iouThreshold: 80 / 120 })).toEqual([1, 0, 2]);
  });

  it('a chain: a suppressed box does not suppress others', () => {
    // A(0.9) ~ B(0.8) overlap 0.667, B ~ C(0.7) overlap 0.667, A and C: 6·10/(200−60) = 0.43.
    const boxes = [box(0, 0, 10, 10, 0.9), box(2, 0, 10, 10, 0.8), box(4, 0, 10, 10, 0.7)];
    expect(nms(boxes, { iouThreshold: 0.5 })).toEqual([0, 2]);
    expect(nms(boxes, { iouThreshold: 0.4 })).toEqual([0]);
  });

  it('is per class unless class-agnostic, caps detections, breaks score ties by input order', () => {
    const boxes = [box(0, 0, 10, 10, 0.9, 0), box(0, 0, 10, 10, 0.8, 1), box(0, 0, 10, 10, 0.8, 0)];
    expect(nms(boxes)).toEqual([0, 1]);
    expect(nms(boxes, { classAgnostic: true })).toEqual([0]);
    expect(nms([box(0, 0, 1, 1, 0.5), box(5, 5, 1, 1, 0.5), box(9, 9, 1, 1, 0.5)], { maxDetections: 2 })).toEqual([0, 1]);
    expect(nmsBoxes(boxes).map((b) => b.label)).toEqual([0, 1]);
    expect(nms([])).toEqual([]);
    expect(() => nms(boxes, { iouThreshold: 1.5 })).toThrow(RangeError);
    expect(() => nms([box(0, 0, 1, 1, NaN)])).toThrow(/score is NaN/);
  });

  it('equals the brute-force definition on random boxes', () => {
    const arbBox = fc.record({
      x: fc.integer({ min: 0, max: 30 }),
      y: fc.integer({ min: 0, max: 30 }),
      width: fc.integer({ min: 0, max: 15 }),
      height: fc.integer({ min: 1, max: 15 }),
      score: fc.integer({ min: 0, max: 6 }).map((s) => s / 6),
      label: fc.integer({ min: 0, max: 1 }),
    });
    fc.assert(
      fc.property(fc.array(arbBox, { maxLength: 14 }), fc.constantFrom(0, 0.3, 0.5, 0.7), fc.boolean(), (boxes, t, agnostic) => {
        // Rank: higher score first, then lower index. Box i is kept iff no kept box ranked
        // before it (same class unless agnostic) overlaps it by more than t — decided in rank
        // order, recursively, without sharing any code with nms().
        const before = (j: number, i: number) => boxes[j].score > boxes[i].score || (boxes[j].score === boxes[i].score && j < i);
        const memo = new Map<number, boolean>();
        const kept = (i: number): boolean => {
          if (!memo.has(i)) {
            memo.set(i, !boxes.some((b, j) => j !== i && before(j, i) && (agnostic || b.label === boxes[i].label) && kept(j) && boxIou(b, boxes[i]) > t));
          }
          return memo.get(i)!;
        };
        const expected = boxes.map((_, i) => i).filter(kept).sort((a, b) => (before(a, b) ? -1 : 1));
        const got = nms(boxes, { iouThreshold: t, classAgnostic: agnostic });
        expect(got).toEqual(expected);
        // And the output itself: no two kept boxes overlap above the threshold.
        for (const a of got) for (const b of got) if (a !== b && (agnostic || boxes[a].label === boxes[b].label)) expect(boxIou(boxes[a], boxes[b])).toBeLessThanOrEqual(t);
      }),
      { numRuns: 300 },
    );
  });
});
