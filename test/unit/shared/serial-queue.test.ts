import { describe, expect, it } from 'vitest';
import { createSerialQueue } from '../../../src/shared/serial-queue.ts';

/** A promise the test settles by hand. */
function deferred<T>() {
  let resolve!: (value: T) => void;
  let reject!: (reason: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

/** Lets every promise callback that can run now run (a macrotask comes after all of them). */
const flushMicrotasks = () => new Promise((resolve) => setImmediate(resolve));

describe('createSerialQueue', () => {
  it('starts a task only after the one queued before it settled', async () => {
    const queue = createSerialQueue();
    const first = deferred<string>();
    const started: string[] = [];
    const a = queue.run(() => {
      started.push('a');
      return first.promise;
    });
    const b = queue.run(() => {
      started.push('b');
      return Promise.resolve('b');
    });
    await flushMicrotasks();
    expect(started).toEqual(['a']);
    first.resolve('a');
    expect(await Promise.all([a, b])).toEqual(['a', 'b']);
    expect(started).toEqual(['a', 'b']);
  });

  it('passes a failure to its caller only and goes on with the next task', async () => {
    const queue = createSerialQueue();
    const failing = queue.run(() => Promise.reject(new Error('boom')));
    const next = queue.run(() => Promise.resolve(2));
    await expect(failing).rejects.toThrow('boom');
    expect(await next).toBe(2);
  });

  it('runs tasks in the order they were queued', async () => {
    const queue = createSerialQueue();
    const order: number[] = [];
    const gate = deferred<null>();
    const runs = [
      queue.run(async () => {
        await gate.promise;
        order.push(1);
      }),
      queue.run(() => Promise.resolve(order.push(2))),
      queue.run(() => Promise.resolve(order.push(3))),
    ];
    await flushMicrotasks();
    expect(order).toEqual([]);
    gate.resolve(null);
    await Promise.all(runs);
    expect(order).toEqual([1, 2, 3]);
  });
});
