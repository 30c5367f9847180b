/**
 * Runs async tasks one at a time, in the order they were queued: for read-modify-write passes
 * that events can start together (two would both read the old state and one write would be lost).
 */
export interface SerialQueue {
  /** Runs `task` once every task queued before it has settled; a failure reaches only its caller. */
  run<T>(task: () => Promise<T>): Promise<T>;
}

export function createSerialQueue(): SerialQueue {
  let tail: Promise<unknown> = Promise.resolve();
  return {
    run(task) {
      const result = tail.then(task);
      tail = result.catch(() => undefined);
      return result;
    },
  };
}
