/**
 * Modules and parameters.
 *
 * `Parameter` is a small holder class, not a Tensor: `p.value` is the current tensor (a
 * leaf with requiresGrad for trainable slots), `p.grad` its accumulated gradient.
 * There are no in-place ops, so an optimiser updates a parameter by computing the new
 * tensor (under noGrad) and calling `p.assign(next)`: the slot takes ownership of
 * `next` (keep()-ing it out of any scope, re-marking it requiresGrad) and disposes the
 * old value and its gradient. Modules read `p.value` on every forward, so they always
 * see the newest value and memory stays flat across steps. Buffers (running
 * statistics) use the same class with `requiresGrad: false`.
 *
 * `Module.parameters()` / `namedParameters()` list each parameter once, with PyTorch's
 * dotted names (`layer1.0.conv1.weight`). `stateDict()` returns a `Map<string, Tensor>`
 * of the live values (parameters then persistent buffers, module by module, PyTorch's
 * order and names); `loadStateDict(sd, { strict })` copies values in and reports (or,
 * when strict, throws a `StateDictError` listing) missing and unexpected keys.
 */
export { Parameter, type ParameterOptions } from './parameter.js';
export { Module, StateDictError, type StateDict, type LoadResult } from './module.js';
export { Sequential, ModuleList, ModuleDict, Identity, type TensorModule } from './containers.js';
