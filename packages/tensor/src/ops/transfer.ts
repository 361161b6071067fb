import { type Device, resolveDevice } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { checkDType, filled, wrap } from './internal.js';
import { contiguous } from './movement.js';

/** A copy of `x` on another backend (or a contiguous copy on the same one). */
export async function to(x: Tensor, device: Device): Promise<Tensor> {
  const target = resolveDevice(device);
  checkDType('to', target, x.dtype);
  if (target === x.backend) return contiguous(x);
  if (x.size === 0) return filled(target, x.shape, 0, x.dtype);
  const data = await x.data();
  return wrap(target.upload(data, x.dtype), x.shape, x.dtype);
}

/** A new tensor with its own storage holding the same values (PyTorch's clone). */
export function clone(x: Tensor): Tensor {
  if (x.size === 0) return filled(x.backend, x.shape, 0, x.dtype);
  return wrap(x.backend.unary('identity', x.viewFor('clone'), x.dtype), x.shape, x.dtype);
}
