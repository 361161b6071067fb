import type { Device, Generator } from '@prior/tensor';

/** Where and how a layer creates its parameters. */
export interface FactoryOptions {
  dtype?: 'float32' | 'float64';
  device?: Device;
  /** Source of initial values (default: the tensor package's default generator). */
  generator?: Generator;
  /**
   * Allocate random-initialised parameters as zeros instead of drawing them (as
   * torch.nn.utils.skip_init): for modules whose weights are loaded right after.
   * Constant initialisations (norm weights 1, biases 0) are kept.
   */
  skipInit?: boolean;
}
