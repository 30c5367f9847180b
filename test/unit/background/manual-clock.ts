/**
 * Time under the test's control: timers run only when the test lets time pass, and `runUntil`
 * jumps from one due timer to the next, so minutes of polling take milliseconds and the outcome
 * never depends on how loaded the machine is.
 */
import type { RepeatingTimers, TimerHandle, Timers } from '../../../src/shared/timers.ts';

/** A handle no timer has: what a stopped worker's setTimer returns. */
export const NO_TIMER = handleOf(0);

/** The fake's handles are plain ids; only here are they dressed as the opaque type. */
function handleOf(id: number): TimerHandle {
  return id as unknown as TimerHandle;
}

interface Timer {
  readonly id: TimerHandle;
  readonly at: number;
  readonly callback: () => void;
}

export class ManualClock implements Timers, RepeatingTimers {
  private current = Date.UTC(2026, 10, 24, 9, 0, 0);
  private timers: Timer[] = [];
  private nextId = 1;
  private readonly repeating = new Set<TimerHandle>();

  readonly now = (): number => this.current;

  readonly setTimer = (callback: () => void, delayMs: number): TimerHandle => {
    const timer = {
      id: handleOf(this.nextId++),
      at: this.current + Math.max(0, delayMs),
      callback,
    };
    this.timers.push(timer);
    return timer.id;
  };

  readonly clearTimer = (handle: TimerHandle): void => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
  };

  /** A timer that sets itself again after each run, under one handle, until cleared. */
  readonly setRepeating = (callback: () => void, periodMs: number): TimerHandle => {
    const id = handleOf(this.nextId++);
    this.repeating.add(id);
    const schedule = () => {
      this.timers.push({
        id,
        at: this.current + Math.max(0, periodMs),
        callback: () => {
          callback();
          // Cleared by its own callback: not set again.
          if (this.repeating.has(id)) schedule();
        },
      });
    };
    schedule();
    return id;
  };

  readonly clearRepeating = (handle: TimerHandle): void => {
    this.repeating.delete(handle);
    this.clearTimer(handle);
  };

  get pendingTimers(): number {
    return this.timers.length;
  }

  /** Moves the clock forward without running timers (time passing on the firewall's side). */
  advance(ms: number): void {
    this.current += ms;
  }

  /** Lets every settled promise chain (fetch, Response.json, storage) run to its next wait. */
  async flush(): Promise<void> {
    for (let turn = 0; turn < 30; turn++) {
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }

  /**
   * Runs due timers, jumping the clock to the next one, until `done()` holds. Throws when no
   * timer is left or `limitMs` of simulated time pass first.
   */
  async runUntil(done: () => boolean, limitMs = 15 * 60_000): Promise<void> {
    const giveUpAt = this.current + limitMs;
    for (;;) {
      await this.flush();
      if (done()) return;
      const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
      if (!next) throw new Error('runUntil: nothing left to run and the condition does not hold');
      if (next.at > giveUpAt) throw new Error('runUntil: the condition did not hold in time');
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = Math.max(this.current, next.at);
      next.callback();
    }
  }

  /** Runs every timer due within `ms` from now (for "nothing else happens" checks). */
  async runFor(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await this.flush();
      const next = [...this.timers].sort((a, b) => a.at - b.at)[0];
      if (!next || next.at > until) {
        this.current = until;
        return;
      }
      this.timers = this.timers.filter((timer) => timer !== next);
      this.current = Math.max(this.current, next.at);
      next.callback();
    }
  }
}
