/**
 * Lets queued work run before going on: a macrotask, after the pending microtasks and I/O callbacks
 * (`setImmediate` where the runtime has it, which unlike `setTimeout(0)` costs no millisecond in Node).
 */
export function nextTask(): Promise<void> {
  return new Promise((resolve) => (typeof setImmediate === "function" ? setImmediate(resolve) : setTimeout(resolve, 0)));
}
