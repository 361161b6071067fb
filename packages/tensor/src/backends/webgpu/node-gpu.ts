/**
 * Dawn for Node, loaded lazily. The specifier is not a literal (and vite is told to
 * ignore it) so browser bundles never pull in Node code. The GPU object is kept here,
 * in module scope, for the life of the process: Dawn must outlive its devices.
 */
let gpu: Promise<GPU> | undefined;

export function nodeGPU(): Promise<GPU> {
  gpu ??= (async () => {
    const specifier = ['web', 'gpu'].join('');
    const mod = (await import(/* @vite-ignore */ specifier)) as { create(flags: string[]): GPU };
    return mod.create([]);
  })();
  return gpu;
}
