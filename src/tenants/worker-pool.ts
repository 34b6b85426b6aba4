/**
 * Runs work over a list, at most `concurrency` items at a time, in list order. Once `stop` aborts
 * (the first Ctrl-C, or `--fail-fast`'s first failure) no item is started; those running go on to
 * their end, and the pool resolves when they have. Each worker has a number, so that it can keep a
 * connection of its own from one item to the next.
 */
export async function runPool<T>(
  items: readonly T[],
  concurrency: number,
  stop: AbortSignal,
  work: (item: T, worker: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (id: number) => {
    while (!stop.aborted && next < items.length) {
      const item = items[next]!;
      next += 1;
      await work(item, id);
    }
  };
  const workers = Math.max(1, Math.min(concurrency, items.length));
  await Promise.all(Array.from({ length: workers }, (_, id) => worker(id)));
}
