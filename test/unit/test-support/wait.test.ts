// The tests' one polling helper: it returns as soon as the probe is accepted, and fails in time
// with a message that names what it waited for and what it saw last.
import { describe, expect, it } from 'vitest';
import { heldWithin, waitFor, WaitTimeoutError } from '../../support/wait.ts';

/** A probe that answers each value in turn, then the last one for ever; counts its calls. */
function sequence<T>(...values: T[]): { probe: () => T; calls: () => number } {
  let calls = 0;
  return {
    probe: () => values[Math.min(calls++, values.length - 1)] as T,
    calls: () => calls,
  };
}

describe('waitFor', () => {
  it('returns the first truthy value of a condition, without a further probe', async () => {
    const { probe, calls } = sequence(false, false, true);
    await expect(waitFor(probe, { what: 'a flag', timeoutMs: 1000, intervalMs: 1 })).resolves.toBe(
      true,
    );
    expect(calls()).toBe(3);
  });

  it('returns the value `until` accepts', async () => {
    const { probe } = sequence(1, 2, 3, 4);
    const value = await waitFor(probe, {
      what: 'three',
      timeoutMs: 1000,
      intervalMs: 1,
      until: (n) => n >= 3,
    });
    expect(value).toBe(3);
  });

  it('fails with what it waited for and the last value when the condition never holds', async () => {
    const wait = waitFor(() => ({ pids: [41, 42] }), {
      what: 'one haproxy process',
      timeoutMs: 60,
      intervalMs: 10,
      until: (list) => list.pids.length === 1,
    });
    await expect(wait).rejects.toThrow(WaitTimeoutError);
    await expect(wait).rejects.toThrow(
      'timed out after 60 ms waiting for one haproxy process; last value: {"pids":[41,42]}',
    );
  });

  it('counts a throwing probe as "not yet", and names its last error when time runs out', async () => {
    let calls = 0;
    const recovers = await waitFor(
      () => {
        if (++calls < 3) throw new Error('the page is changing process');
        return 'ready';
      },
      { what: 'the page', timeoutMs: 1000, intervalMs: 1 },
    );
    expect(recovers).toBe('ready');

    await expect(
      waitFor(
        () => {
          throw new Error('the worker is gone');
        },
        { what: 'the worker', timeoutMs: 30, intervalMs: 5 },
      ),
    ).rejects.toThrow(
      'timed out after 30 ms waiting for the worker; last error: the worker is gone',
    );
  });

  it('never sleeps past its deadline, even with a poll interval longer than the timeout', async () => {
    const { probe, calls } = sequence(false);
    const started = performance.now();
    await expect(
      waitFor(probe, { what: 'never', timeoutMs: 50, intervalMs: 10_000 }),
    ).rejects.toThrow(WaitTimeoutError);
    // One probe at once, one at the deadline: not a whole interval later.
    expect(performance.now() - started).toBeLessThan(1000);
    expect(calls()).toBe(2);
  });

  it('probes again only after its interval', async () => {
    const { probe, calls } = sequence(false);
    await expect(waitFor(probe, { what: 'never', timeoutMs: 100, intervalMs: 40 })).rejects.toThrow(
      WaitTimeoutError,
    );
    // At 0, ~40, ~80 and at the deadline: never a busy loop.
    expect(calls()).toBeGreaterThanOrEqual(2);
    expect(calls()).toBeLessThanOrEqual(4);
  });
});

describe('heldWithin', () => {
  it('answers whether the condition came to hold in time', async () => {
    await expect(
      heldWithin(sequence(false, true).probe, { what: 'a flag', timeoutMs: 1000, intervalMs: 1 }),
    ).resolves.toBe(true);
    await expect(
      heldWithin(() => false, { what: 'a flag', timeoutMs: 20, intervalMs: 5 }),
    ).resolves.toBe(false);
  });
});
