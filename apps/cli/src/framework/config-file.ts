/**
 * `--config <file|preset>`: a preset name, or a JSON or YAML file validated by the
 * prior package's own schema (`loadConfig`), with errors naming the file and field.
 */
import { readFile } from 'node:fs/promises';
import { ConfigError, PRESET_NAMES, type PriorConfig, loadConfig, resolveConfig } from '@prior/prior';
import { YAMLParseError, parse as parseYaml } from 'yaml';
import { CliError } from './errors.js';

const isYamlName = (p: string) => /\.ya?ml$/i.test(p);

/** Parses the text of a configuration file: YAML for .yaml/.yml, JSON otherwise. */
export function parseConfigText(text: string, file: string): unknown {
  try {
    if (isYamlName(file)) return parseYaml(text, { prettyErrors: true });
    return JSON.parse(text);
  } catch (e) {
    if (e instanceof YAMLParseError) {
      const at = e.linePos?.[0];
      throw new CliError(`${file}${at ? `:${at.line}:${at.col}` : ''}: not valid YAML: ${e.message.split('\n')[0]}`);
    }
    throw new CliError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
}

/** A configuration from a preset name or a file path (relative to cwd). */
export async function readConfig(value: string, cwd: string, overrides?: Parameters<typeof resolveConfig>[1]): Promise<{ config: PriorConfig; source: string }> {
  if ((PRESET_NAMES as readonly string[]).includes(value)) return { config: resolveConfig(value as (typeof PRESET_NAMES)[number], overrides), source: `preset ${value}` };
  const path = value.startsWith('/') ? value : `${cwd}/${value}`;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new CliError(`--config: expected a preset (${PRESET_NAMES.join(', ')}) or a JSON/YAML file, got ${JSON.stringify(value)}${code === 'ENOENT' ? ' (no such file)' : ` (${(e as Error).message})`}`);
  }
  try {
    const config = loadConfig(parseConfigText(text, value));
    return { config: overrides ? resolveConfig(config, overrides) : config, source: value };
  } catch (e) {
    if (e instanceof ConfigError) throw new CliError(`${value}: ${e.message}`);
    throw e;
  }
}
