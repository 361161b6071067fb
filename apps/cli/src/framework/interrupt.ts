/**
 * Ctrl-C for long work: the first SIGINT aborts the signal handed to the work (the
 * trainer then writes a checkpoint and returns); a second one quits at once.
 */
export interface Interrupt {
  signal: AbortSignal;
  /** Stops listening for SIGINT (call when the work has returned). */
  release(): void;
}

export function onInterrupt(log: (line: string) => void, what = 'stopping after the current step'): Interrupt {
  const controller = new AbortController();
  const handler = () => {
    if (controller.signal.aborted) {
      log('interrupted again: quitting now');
      process.exit(130);
    }
    log(`interrupted: ${what} (Ctrl-C again to quit at once)`);
    controller.abort();
  };
  process.on('SIGINT', handler);
  return { signal: controller.signal, release: () => process.off('SIGINT', handler) };
}
