// The Solid side of client/'s framework-free pieces: a plain object's fields as signals, each
// waking only what reads it, and only when its value is a new one.
import { batch, createSignal, type Accessor } from "solid-js";

export type Signals<T> = { readonly [K in keyof T]: Accessor<T[K]> };

/** One signal per field of `initial`, and the function that copies a newer object into them at once. */
export function signalsOf<T extends object>(initial: Readonly<T>): [Signals<T>, (next: Readonly<T>) => void] {
  const signals = {} as Record<keyof T, Accessor<unknown>>;
  const setters: Array<(next: Readonly<T>) => void> = [];
  for (const key of Object.keys(initial) as Array<keyof T>) {
    const [read, write] = createSignal<unknown>(initial[key]);
    signals[key] = read;
    // Through a function, so a field that holds a function is stored rather than called.
    setters.push((next) => write(() => next[key]));
  }
  const update = (next: Readonly<T>) => batch(() => setters.forEach((set) => set(next)));
  return [signals as unknown as Signals<T>, update];
}
