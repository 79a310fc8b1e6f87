// Parts of the widget few visitors need come in chunks loaded on demand. Solid's `lazy` would
// bring its resource machinery into the first load; this is all the widget needs of it.
import { createEffect, createSignal, type Accessor } from "solid-js";

/** The module `load` gives, loaded the first time `when` holds (again later if that load failed); undefined until then. */
export function loadWhen<T>(when: () => unknown, load: () => Promise<T>): Accessor<T | undefined> {
  const [module, setModule] = createSignal<T>();
  let loading = false;
  createEffect(() => {
    if (module() || loading || !when()) return;
    loading = true;
    load().then(
      (loaded) => setModule(() => loaded),
      () => (loading = false),
    );
  });
  return module;
}
