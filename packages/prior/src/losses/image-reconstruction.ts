/**
 * L_rec_img: mean absolute error between the decoder's reconstruction and the
 * normalised input image (both [B, C, H, W], the decoder upsamples to the input size).
 */
import { abs, mean, sub } from '@prior/autograd';
import { ShapeError, type Tensor } from '@prior/tensor';
import { fmt } from './checks.js';

export function imageReconstructionLoss(reconstruction: Tensor, image: Tensor): Tensor {
  if (reconstruction.rank !== 4 || image.rank !== 4 || reconstruction.shape.some((n, i) => n !== image.shape[i])) {
    throw new ShapeError(`imageReconstructionLoss: reconstruction ${fmt(reconstruction.shape)} and image ${fmt(image.shape)} must both be [B, C, H, W] of the same shape`);
  }
  return mean(abs(sub(reconstruction, image)));
}
