/** SynthCXR generation speed, when @prior/datasets exports its generator. */

type Generate = (seed: number, opts: { size: number }) => unknown;

export type SynthResult = { studies: number; size: number; ms: number; studiesPerSecond: number; medianStudyMs: number } | { skipped: string };

export async function measureSynth(studies: number, size: number): Promise<SynthResult> {
  let generate: Generate | undefined;
  try {
    const mod = (await import('@prior/datasets')) as { generateStudy?: Generate };
    generate = mod.generateStudy;
  } catch (e) {
    return { skipped: `@prior/datasets could not be loaded (${(e as Error).message.split('\n')[0]})` };
  }
  if (typeof generate !== 'function') return { skipped: 'not available yet: @prior/datasets does not export generateStudy' };
  for (let i = 0; i < Math.min(20, studies); i++) generate(1_000_000 + i, { size }); // warm-up (JIT)
  const per: number[] = [];
  const t0 = performance.now();
  for (let i = 0; i < studies; i++) {
    const s = performance.now();
    generate(i, { size });
    per.push(performance.now() - s);
  }
  const ms = performance.now() - t0;
  per.sort((a, b) => a - b);
  return { studies, size, ms, studiesPerSecond: (studies * 1000) / ms, medianStudyMs: per[per.length >> 1] };
}
