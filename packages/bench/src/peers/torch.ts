/**
 * PyTorch CPU, as a long-lived Python subprocess (python/torch_peer.py) that times each
 * workload itself and answers in JSON, so workloads interleave with the other peers.
 */
import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from 'node:child_process';
import { createInterface, type Interface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { Timing, TimingOptions } from '../timing.js';
import type { Workload } from '../types.js';
import type { Peer } from './peer.js';

/** Debian's interpreter, which has python3-torch; the first python3 on PATH may not. */
export const PYTHON = process.env.PRIOR_BENCH_PYTHON ?? '/usr/bin/python3';
const SCRIPT = fileURLToPath(new URL('../../python/torch_peer.py', import.meta.url));

interface TorchInfo {
  version: string;
  threads: number;
  blasBuild: string;
  blasLoaded: string[];
  mkldnn: boolean;
}

/** Why PyTorch cannot run here, or null when `import torch` works. */
export function torchUnavailable(): string | null {
  const r = spawnSync(PYTHON, ['-c', 'import torch'], { encoding: 'utf8', timeout: 60_000 });
  if (r.error) return `${PYTHON} could not be run (${r.error.message})`;
  if (r.status !== 0) return `\`${PYTHON} -c "import torch"\` failed: ${(r.stderr.trim().split('\n').pop() ?? '').slice(0, 200)}`;
  return null;
}

function describe(i: TorchInfo): string {
  const lib = i.blasLoaded.find((l) => /openblas|mkl|blis/i.test(l)) ?? i.blasLoaded[0] ?? 'none found';
  return `torch ${i.version}, ${i.threads} thread(s), BLAS loaded: ${lib} (build BLAS_INFO=${i.blasBuild}), oneDNN ${i.mkldnn ? 'on' : 'off'}`;
}

export class TorchPeer implements Peer {
  readonly name = 'torch-cpu';
  private constructor(
    private readonly proc: ChildProcessWithoutNullStreams,
    private readonly lines: AsyncIterator<string>,
    private readonly rl: Interface,
    readonly detail: string,
    readonly info: TorchInfo,
  ) {}

  static async create(): Promise<TorchPeer> {
    const proc = spawn(PYTHON, [SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    proc.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const rl = createInterface({ input: proc.stdout });
    const lines = rl[Symbol.asyncIterator]();
    const first = await lines.next();
    if (first.done) throw new Error(`torch_peer.py exited: ${stderr.trim().split('\n').pop()}`);
    const info = JSON.parse(first.value) as TorchInfo;
    return new TorchPeer(proc, lines, rl, describe(info), info);
  }

  async measure(w: Workload, o: TimingOptions): Promise<Timing> {
    this.proc.stdin.write(`${JSON.stringify({ workload: w, ...o })}\n`);
    const line = await this.lines.next();
    if (line.done) throw new Error('torch_peer.py exited');
    const r = JSON.parse(line.value) as { median: number; samples: number[] } | { error: string };
    if ('error' in r) throw new Error(r.error);
    return r;
  }

  async close(): Promise<void> {
    this.proc.stdin.end();
    this.rl.close();
    await new Promise<void>((res) => {
      if (this.proc.exitCode !== null) res();
      else this.proc.once('exit', () => res());
    });
  }
}
