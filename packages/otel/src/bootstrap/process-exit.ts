import { diag } from '@opentelemetry/api';

const SIGNALS = ['SIGTERM', 'SIGINT'] as const;

/**
 * Flushes telemetry when the process ends, without changing how it ends:
 * - `beforeExit` (the event loop drained): shut down, which flushes spans and a last metric export; when the
 *   collector is not there, the process then exits rather than wait for the exporters' retries.
 * - SIGTERM / SIGINT: shut down; then, if the app has no handler of its own for that signal, re-raise it
 *   so the process dies of it exactly as Node's default would (exit code 128 + signal number). If the app
 *   has one, the app decides when to exit.
 * - `exit` (also after `process.exit()`): only synchronous work is possible there (`onExitSync`).
 * Returns a function that removes the handlers.
 */
export function handleProcessExit(
  shutdown: () => Promise<boolean | undefined>,
  onExitSync: () => void,
): () => void {
  let shuttingDown: Promise<boolean | undefined> | undefined;
  const once = () => {
    shuttingDown ??= shutdown().catch((err) => {
      diag.error('llmcost: shutdown failed', err);
      return undefined;
    });
    return shuttingDown;
  };

  // `shutdown` resolves to true when it gave up on exports (no collector): their retry timers would keep the
  // process alive for seconds after the app's own end, so it exits now, with the app's exit code.
  const onBeforeExit = () => {
    void once().then((abandoned) => {
      if (abandoned === true) process.exit();
    });
  };
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    const appHandlers = process.listenerCount(signal) - 1;
    const die = () => {
      remove();
      onExit();
      process.kill(process.pid, signal);
    };
    // A second Ctrl-C while a slow exporter is still flushing: stop waiting.
    if (signalled && appHandlers === 0) return die();
    signalled = true;
    void once().finally(() => {
      if (appHandlers === 0) die();
    });
  };
  let exited = false;
  const onExit = () => {
    if (exited) return;
    exited = true;
    try {
      onExitSync();
    } catch (err) {
      diag.error('llmcost: exit hook failed', err);
    }
  };

  process.on('beforeExit', onBeforeExit);
  process.on('exit', onExit);
  for (const signal of SIGNALS) process.on(signal, onSignal);

  function remove(): void {
    process.off('beforeExit', onBeforeExit);
    for (const signal of SIGNALS) process.off(signal, onSignal);
  }
  return () => {
    remove();
    process.off('exit', onExit);
  };
}
