/**
 * The one timer type. Every module that waits gets its timers passed in (so unit tests run them on
 * a manual clock); the handle is opaque, so no caller needs to know whether the browser hands out
 * a number or an object, and no handle from one kind of timer is cleared as another's by accident.
 */
declare const timerHandle: unique symbol;

/** What `setTimer` returns; only `clearTimer` of the same Timers understands it. */
export interface TimerHandle {
  readonly [timerHandle]: true;
}

// Function-valued fields, not methods: they are passed around on their own, never with `this`.
export interface Timers {
  readonly setTimer: (callback: () => void, delayMs: number) => TimerHandle;
  readonly clearTimer: (handle: TimerHandle) => void;
}

/** A callback every `periodMs` until cleared (the GUI opener's keep-alive). */
export interface RepeatingTimers {
  readonly setRepeating: (callback: () => void, periodMs: number) => TimerHandle;
  readonly clearRepeating: (handle: TimerHandle) => void;
}

// The browser's handles are numbers (or Node's Timeout objects in tests); only these two
// functions ever look inside one.
type NativeTimeout = ReturnType<typeof setTimeout>;
type NativeInterval = ReturnType<typeof setInterval>;

export const browserTimers: Timers & RepeatingTimers = {
  setTimer: (callback, delayMs) => setTimeout(callback, delayMs) as unknown as TimerHandle,
  clearTimer: (handle) => {
    clearTimeout(handle as unknown as NativeTimeout);
  },
  setRepeating: (callback, periodMs) => setInterval(callback, periodMs) as unknown as TimerHandle,
  clearRepeating: (handle) => {
    clearInterval(handle as unknown as NativeInterval);
  },
};
