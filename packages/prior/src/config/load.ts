/** Building a validated configuration from a preset, overrides and JSON. */
import { ConfigError } from '../errors.js';
import { deepMerge } from './merge.js';
import { PRESET_NAMES, type PresetName, preset } from './presets.js';
import { parseConfig } from './spec.js';
import type { DeepPartial, PriorConfig } from './types.js';

function presetByName(name: unknown, path: string): PriorConfig {
  if (!PRESET_NAMES.includes(name as PresetName)) throw new ConfigError(path, `one of ${PRESET_NAMES.map((n) => `"${n}"`).join(', ')}`, name);
  return preset(name as PresetName);
}

/** `base` (a preset name or a configuration) with `overrides` deep-merged on, validated. */
export function resolveConfig(base: PresetName | PriorConfig = 'paper', overrides?: DeepPartial<PriorConfig>): PriorConfig {
  const start = typeof base === 'string' ? presetByName(base, 'preset') : base;
  return parseConfig(deepMerge(start, overrides));
}

/**
 * A configuration from JSON (text or an already parsed value). With an `"extends"`
 * field naming a preset, the rest of the object overrides that preset; without one,
 * the object must be a complete configuration.
 */
export function loadConfig(json: string | unknown): PriorConfig {
  let value: unknown = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch (e) {
      throw new ConfigError('', 'JSON text', json.length > 40 ? `${json.slice(0, 40)}…` : json, `not valid JSON: ${(e as Error).message}`);
    }
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new ConfigError('', 'an object', value);
  const { extends: base, ...rest } = value as Record<string, unknown>;
  if (base === undefined) return parseConfig(rest);
  return parseConfig(deepMerge(presetByName(base, 'extends'), rest));
}

/** The JSON form of a configuration that loadConfig reads back unchanged. */
export function configToJSON(config: PriorConfig): string {
  return JSON.stringify(config, null, 2);
}
