// Waiting for a state, never for a fixed time: polls `fn` until it answers something truthy, and on timeout fails
// with what was awaited and the tail of the worker's output.
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function stateWaiter(workerOutput: () => string, defaultTimeoutMs = 15_000) {
  return async function waitFor<T>(
    what: string,
    fn: () => Promise<T | null | undefined | false>,
    timeoutMs = defaultTimeoutMs,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value) return value;
      if (Date.now() > deadline)
        throw new Error(`timed out waiting for ${what}\nworker output:\n${workerOutput().slice(-3000)}`);
      await sleep(100);
    }
  };
}
