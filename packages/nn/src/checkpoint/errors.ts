/** Errors from reading or writing checkpoints; each names the file part or tensor at fault. */
import { TensorError } from '@prior/tensor';

export class CheckpointError extends TensorError {
  override name = 'CheckpointError';
}
