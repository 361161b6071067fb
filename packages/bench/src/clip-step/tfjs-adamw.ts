/**
 * AdamW for tfjs, written by hand: tfjs has Adam but no decoupled weight decay. Same
 * update as torch.optim.AdamW (1.13) and @prior/nn's AdamW:
 *   θ ← θ·(1 − lr·wd);  m ← β1·m + (1 − β1)·g;  v ← β2·v + (1 − β2)·g²
 *   θ ← θ − (lr / (1 − β1^t)) · m / (√v / √(1 − β2^t) + ε)
 */
type TF = typeof import('@tensorflow/tfjs-core');
type Tensor = import('@tensorflow/tfjs-core').Tensor;
type Variable = import('@tensorflow/tfjs-core').Variable;

export class TfjsAdamW {
  private t = 0;
  private readonly m: Variable[];
  private readonly v: Variable[];

  constructor(
    private readonly tf: TF,
    private readonly params: Variable[],
    private readonly o: { lr: number; weightDecay: number; betas?: [number, number]; eps?: number },
  ) {
    this.m = params.map((p) => tf.variable(tf.zerosLike(p), false));
    this.v = params.map((p) => tf.variable(tf.zerosLike(p), false));
  }

  /** grads: by variable name, as tf.variableGrads returns them. */
  step(grads: Record<string, Tensor>): void {
    const tf = this.tf;
    const [b1, b2] = this.o.betas ?? [0.9, 0.999];
    const eps = this.o.eps ?? 1e-8;
    const { lr, weightDecay: wd } = this.o;
    this.t++;
    const stepSize = lr / (1 - b1 ** this.t);
    const bc2Sqrt = Math.sqrt(1 - b2 ** this.t);
    tf.tidy(() => {
      this.params.forEach((p, i) => {
        const g = grads[p.name];
        if (!g) return;
        const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, 1 - b1));
        const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), 1 - b2));
        this.m[i].assign(m);
        this.v[i].assign(v);
        const decayed = tf.mul(p, 1 - lr * wd);
        p.assign(tf.sub(decayed, tf.mul(tf.div(m, tf.add(tf.div(tf.sqrt(v), bc2Sqrt), eps)), stepSize)));
      });
    });
  }

  dispose(): void {
    this.tf.dispose([...this.m, ...this.v]);
  }
}
