import { TensorError } from '@prior/tensor';

/** Misuse of the tape: backward on a tensor without a graph, a freed graph, a bad gradient. */
export class AutogradError extends TensorError {
  override name = 'AutogradError';
}
