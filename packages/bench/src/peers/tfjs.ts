/**
 * tfjs-backend-webgpu 4.22 on the same Dawn GPU object. Convolutions run in tfjs's
 * native NHWC layout with HWIO filters: the same FLOPs and bytes as NCHW/OIHW.
 */
import { prepareTfjsClip } from '../clip-step/tfjs.js';
import { registerTfjsGradients } from '../clip-step/tfjs-gradients.js';
import { installWebGPUGlobals } from '../gpu.js';
import type { TimingOptions } from '../timing.js';
import type { Workload } from '../types.js';
import { convOut } from '../workloads.js';
import { type Peer, type Prepared, measurePrepared } from './peer.js';

type TF = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Tensor4D = import('@tensorflow/tfjs-core').Tensor4D;

/** The parts of tfjs's WebGPUBackend used to wait for queued work (not in its typings). */
interface TfWebGPUBackend {
  device: GPUDevice;
  commandEncoder: GPUCommandEncoder | null;
  ensureCommandEncoderReady(): void;
  endComputePassEncoder(): void;
  submitQueue(): void;
}

const nhwc = (s: number[]) => [s[0], s[2], s[3], s[1]];
const hwio = (s: number[]) => [s[2], s[3], s[1], s[0]];

export class TfjsPeer implements Peer {
  readonly name = 'tfjs-webgpu';
  private constructor(
    private readonly tf: TF,
    private readonly be: TfWebGPUBackend,
    readonly detail: string,
  ) {}

  static async create(): Promise<TfjsPeer> {
    installWebGPUGlobals();
    const tf = await import('@tensorflow/tfjs-core');
    await import('@tensorflow/tfjs-backend-webgpu');
    // Keep every op on the GPU: by default tfjs runs ops on inputs still on the CPU
    // (under 1000 elements) in JavaScript, which would bypass the adapter.
    tf.env().set('WEBGPU_CPU_FORWARD', false);
    if (!(await tf.setBackend('webgpu'))) throw new Error('tf.setBackend("webgpu") failed');
    await tf.ready();
    // The training-step workload needs tfjs's gradient functions, which this entry point lacks.
    await registerTfjsGradients();
    const be = tf.backend() as unknown as TfWebGPUBackend;
    return new TfjsPeer(tf, be, `@tensorflow/tfjs-core ${tf.version_core} + tfjs-backend-webgpu, WEBGPU_CPU_FORWARD=false`);
  }

  /** Submits whatever tfjs has recorded and waits for the queue. */
  private readonly settle = async () => {
    const be = this.be;
    be.ensureCommandEncoderReady();
    be.endComputePassEncoder();
    be.submitQueue();
    await be.device.queue.onSubmittedWorkDone();
  };

  private prepare(w: Workload): Prepared {
    const tf = this.tf;
    if (w.kind === 'clip-step') return prepareTfjsClip(tf, w.clip);
    const inputs: Tensor[] = [];
    const r = (shape: number[]) => {
      const t = tf.randomNormal(shape, 0, 1, 'float32');
      inputs.push(t);
      return t;
    };
    const run = (body: () => Tensor | Tensor[]) => async () => {
      const outs = body();
      await this.settle();
      tf.dispose(outs);
    };
    let step: () => Promise<void>;
    switch (w.kind) {
      case 'matmul': {
        const a = r(w.a);
        const b = r(w.b);
        step = run(() => tf.matMul(a, b));
        break;
      }
      case 'conv': {
        const x = r(nhwc(w.x)) as Tensor4D;
        const f = r(hwio(w.w)) as Tensor4D;
        const conv = (xx: Tensor4D, ff: Tensor4D) => tf.conv2d(xx, ff, w.stride, w.pad);
        if (w.pass === 'fwd') {
          step = run(() => conv(x, f));
        } else {
          // The kernels tfjs's Conv2D gradient runs; the ops that wrap them are not exported.
          const dy = r(nhwc(convOut(w))) as Tensor4D;
          const attrs = { strides: w.stride, pad: w.pad, dataFormat: 'NHWC' };
          const engine = tf.engine();
          step = run(() => [
            conv(x, f),
            engine.runKernel('Conv2DBackpropInput', { dy, filter: f }, { ...attrs, inputShape: nhwc(w.x) }) as Tensor,
            engine.runKernel('Conv2DBackpropFilter', { x, dy }, { ...attrs, filterShape: hwio(w.w) }) as Tensor,
          ]);
        }
        break;
      }
      case 'softmax': {
        const x = r(w.shape);
        step = run(() => tf.softmax(x, -1));
        break;
      }
      case 'moments': {
        const x = r(w.shape);
        step = run(() => {
          const { mean, variance } = tf.moments(x, -1);
          return [mean, variance];
        });
        break;
      }
      case 'add': {
        const a = r(w.shape);
        const b = r(w.shape);
        step = run(() => tf.add(a, b));
        break;
      }
      case 'chain': {
        const x = r(w.shape);
        step = run(() => {
          let y = tf.add(x, x);
          for (let i = 1; i < w.ops; i++) {
            const next = tf.add(y, x);
            y.dispose();
            y = next;
          }
          return y;
        });
        break;
      }
    }
    return { step, dispose: () => tf.dispose(inputs) };
  }

  async measure(w: Workload, o: TimingOptions) {
    return measurePrepared(this.prepare(w), this.settle, o);
  }

  async close(): Promise<void> {
    await this.settle();
    this.tf.disposeVariables();
    this.tf.engine().reset();
    this.be.device.destroy();
  }
}
