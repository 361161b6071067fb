/**
 * The learnable temperatures of a model, read from its named parameters: every scalar
 * parameter whose name says it is a log inverse temperature (`logitScale`,
 * `localLogitScale`, `logit_scale`, …), reported as exp(value) = 1/τ.
 */
import type { Module } from '@prior/nn';

const LOG_TEMPERATURE = /logit_?scale|log_?temp/i;

export async function readTemperatures(model: Module): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  for (const [name, p] of model.namedParameters()) {
    if (p.size !== 1 || !LOG_TEMPERATURE.test(name)) continue;
    out[name] = Math.exp((await p.value.data())[0]);
  }
  return out;
}
