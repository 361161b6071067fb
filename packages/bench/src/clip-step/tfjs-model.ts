/**
 * W3's model written directly in tfjs-core ops (no tfjs-layers), NHWC with HWIO filters:
 * the same layers, sizes and arithmetic as the nn and PyTorch versions. BatchNorm runs in
 * training mode (batch statistics; running statistics updated after the step, as PyTorch).
 */
import type { ClipStepConfig } from './spec.js';

type TF = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Variable = import('@tensorflow/tfjs-core').Variable;
type Tensor4D = import('@tensorflow/tfjs-core').Tensor4D;

interface BN {
  gamma: Variable;
  beta: Variable;
  runMean: Variable;
  runVar: Variable;
}
interface Block {
  conv1: Variable;
  bn1: BN;
  conv2: Variable;
  bn2: BN;
  stride: number;
  down: { conv: Variable; bn: BN } | null;
}
interface Lin {
  w: Variable;
  b: Variable;
}
interface EncLayer {
  inProj: Lin;
  outProj: Lin;
  lin1: Lin;
  lin2: Lin;
  ln1: { g: Variable; b: Variable };
  ln2: { g: Variable; b: Variable };
}

const EPS = 1e-5;
const BN_MOMENTUM = 0.1;

export class TfjsClipModel {
  /** Trainable variables, in creation order. */
  readonly params: Variable[] = [];
  private readonly stats: Variable[] = [];
  private readonly stem: { conv: Variable; bn: BN };
  private readonly blocks: Block[] = [];
  private readonly imageProj: Lin;
  private readonly tokenEmbed: Variable;
  private readonly posEmbed: Variable;
  private readonly layers: EncLayer[] = [];
  private readonly textProj: Lin;
  private readonly logitScale: Variable;
  /** Batch moments of each BatchNorm from the last forward, for the running-statistics update. */
  private pending: { bn: BN; mean: Tensor; variance: Tensor; count: number }[] = [];

  constructor(
    private readonly tf: TF,
    private readonly c: ClipStepConfig,
  ) {
    const v = (t: Tensor) => {
      const x = tf.variable(t, true);
      this.params.push(x);
      return x;
    };
    // Kaiming-normal (fan out) convs and uniform(±1/√fan_in) linears, as torchvision and torch.nn.
    const conv = (k: number, ci: number, co: number) => v(tf.randomNormal([k, k, ci, co], 0, Math.sqrt(2 / (co * k * k))));
    const bn = (ch: number): BN => {
      const s = (t: Tensor) => {
        const x = tf.variable(t, false);
        this.stats.push(x);
        return x;
      };
      return { gamma: v(tf.ones([ch])), beta: v(tf.zeros([ch])), runMean: s(tf.zeros([ch])), runVar: s(tf.ones([ch])) };
    };
    const lin = (i: number, o: number): Lin => {
      const b = 1 / Math.sqrt(i);
      return { w: v(tf.randomUniform([i, o], -b, b)), b: v(tf.randomUniform([o], -b, b)) };
    };
    const ln = (d: number) => ({ g: v(tf.ones([d])), b: v(tf.zeros([d])) });
    this.stem = { conv: conv(3, 1, c.stem), bn: bn(c.stem) };
    let inC = c.stem;
    c.widths.forEach((planes, i) => {
      for (let j = 0; j < c.blocks[i]; j++) {
        const stride = j === 0 ? c.strides[i] : 1;
        const down = stride !== 1 || inC !== planes ? { conv: conv(1, inC, planes), bn: bn(planes) } : null;
        this.blocks.push({ conv1: conv(3, inC, planes), bn1: bn(planes), conv2: conv(3, planes, planes), bn2: bn(planes), stride, down });
        inC = planes;
      }
    });
    this.imageProj = lin(inC, c.embed);
    this.tokenEmbed = v(tf.randomNormal([c.vocab, c.dModel]));
    this.posEmbed = v(tf.randomNormal([c.seq, c.dModel]));
    for (let i = 0; i < c.layers; i++) {
      const d = c.dModel;
      this.layers.push({ inProj: lin(d, 3 * d), outProj: lin(d, d), lin1: lin(d, c.ffn), lin2: lin(c.ffn, d), ln1: ln(d), ln2: ln(d) });
    }
    this.textProj = lin(c.dModel, c.embed);
    this.logitScale = v(tf.scalar(Math.log(1 / c.temperature)));
  }

  private linear(x: Tensor, l: Lin): Tensor {
    return this.tf.add(this.tf.matMul(x, l.w), l.b);
  }

  private batchNorm(x: Tensor, bn: BN): Tensor {
    const tf = this.tf;
    const { mean, variance } = tf.moments(x, [0, 1, 2]);
    this.pending.push({ bn, mean: tf.keep(mean), variance: tf.keep(variance), count: x.size / x.shape[3]! });
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), bn.gamma), bn.beta);
  }

  private conv(x: Tensor, f: Variable, stride: number, pad: number): Tensor {
    return this.tf.conv2d(x as Tensor4D, f as Tensor4D, stride, pad);
  }

  private block(x: Tensor, b: Block): Tensor {
    const tf = this.tf;
    const identity = b.down ? this.batchNorm(this.conv(x, b.down.conv, b.stride, 0), b.down.bn) : x;
    const h = tf.relu(this.batchNorm(this.conv(x, b.conv1, b.stride, 1), b.bn1));
    return tf.relu(tf.add(this.batchNorm(this.conv(h, b.conv2, 1, 1), b.bn2), identity));
  }

  private layerNorm(x: Tensor, p: { g: Variable; b: Variable }): Tensor {
    const tf = this.tf;
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.div(tf.sub(x, mean), tf.sqrt(tf.add(variance, EPS))), p.g), p.b);
  }

  /** Post-norm encoder layer (PyTorch's default), ReLU feed-forward, x [B·L, d]. */
  private encoderLayer(x: Tensor, p: EncLayer): Tensor {
    const tf = this.tf;
    const { batch: B, seq: L, dModel: d, heads: H } = this.c;
    const dh = d / H;
    const qkv = this.linear(x, p.inProj);
    const heads = (i: number) => tf.transpose(tf.reshape(tf.slice(qkv, [0, i * d], [B * L, d]), [B, L, H, dh]), [0, 2, 1, 3]);
    const scores = tf.mul(tf.matMul(heads(0), heads(1), false, true), 1 / Math.sqrt(dh));
    const ctx = tf.matMul(tf.softmax(scores, -1), heads(2));
    const attn = this.linear(tf.reshape(tf.transpose(ctx, [0, 2, 1, 3]), [B * L, d]), p.outProj);
    const h = this.layerNorm(tf.add(x, attn), p.ln1);
    const ff = this.linear(tf.relu(this.linear(h, p.lin1)), p.lin2);
    return this.layerNorm(tf.add(h, ff), p.ln2);
  }

  /** images [B, S, S, 1], tokens [B, L] int32 → scalar loss. */
  loss(images: Tensor, tokens: Tensor): Tensor {
    const tf = this.tf;
    const { batch: B, seq: L, dModel: d } = this.c;
    let h = tf.relu(this.batchNorm(this.conv(images, this.stem.conv, 1, 1), this.stem.bn));
    for (const b of this.blocks) h = this.block(h, b);
    const img = this.linear(tf.mean(h, [1, 2]), this.imageProj);
    let t = tf.add(tf.gather(this.tokenEmbed, tf.reshape(tokens, [-1])), tf.tile(this.posEmbed, [B, 1]));
    for (const l of this.layers) t = this.encoderLayer(t, l);
    const txt = this.linear(tf.mean(tf.reshape(t, [B, L, d]), 1), this.textProj);
    return this.infoNce(img, txt);
  }

  /** CLIP's symmetric InfoNCE on L2-normalised embeddings, scale exp(t). */
  private infoNce(a: Tensor, b: Tensor): Tensor {
    const tf = this.tf;
    const norm = (x: Tensor) => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', -1, true), 1e-12));
    const logits = tf.mul(tf.matMul(norm(a), norm(b), false, true), tf.exp(this.logitScale));
    const eye = tf.eye(this.c.batch);
    const ce = (z: Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(tf.logSoftmax(z, -1), eye), -1)));
    return tf.mul(tf.add(ce(logits), ce(tf.transpose(logits))), 0.5);
  }

  /** running ← (1 − m)·running + m·batch (unbiased variance), as torch.nn.BatchNorm2d. */
  updateRunningStats(): void {
    const tf = this.tf;
    tf.tidy(() => {
      for (const { bn, mean, variance, count } of this.pending) {
        bn.runMean.assign(tf.add(tf.mul(bn.runMean, 1 - BN_MOMENTUM), tf.mul(mean, BN_MOMENTUM)));
        bn.runVar.assign(tf.add(tf.mul(bn.runVar, 1 - BN_MOMENTUM), tf.mul(variance, (BN_MOMENTUM * count) / (count - 1))));
      }
    });
    tf.dispose(this.pending.flatMap((p) => [p.mean, p.variance]));
    this.pending = [];
  }

  dispose(): void {
    this.tf.dispose([...this.params, ...this.stats]);
  }
}
