/**
 * Time under the test's control: timers run only when the test lets time pass, and `runUntil`
 * jumps from one due timer to the next, so minutes of polling take milliseconds and the outcome
 * never depends on how loaded the machine is.
 */
interface Timer {
  readonly id: number;
  readonly at: number;
  readonly callback: () => void;
}

export class ManualClock {
  private current = Date.UTC(2026, 10, 24, 9, 0, 0);
  private timers: Timer[] = [];
  private nextId = 1;

  readonly now = (): number => this.current;

  readonly setTimer = (callback: () => void, delayMs: number): unknown => {
    const timer = { id: this.nextId++, at: this.current + Math.max(0, delayMs), callback };
    this.timers.push(timer);
    return timer.id;
  };

  readonly clearTimer = (handle: unknown): void => {
    this.timers = this.timers.filter((timer) => timer.id !== handle);
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
