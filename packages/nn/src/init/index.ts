/** Parameter initialisers (torch.nn.init's distributions, returning new tensors). */
export type { FactoryOptions } from './options.js';
export { fanInAndFanOut, calculateGain, type Nonlinearity } from './fan.js';
export { constant, zeros, ones, uniform, normal, kaimingUniform, kaimingNormal, xavierUniform, xavierNormal, biasUniform, type KaimingOptions } from './init.js';
