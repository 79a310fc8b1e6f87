// A context written once for a store shared through the component tree: its provider, which
// hands the store down, and its hook, which fails loudly where no provider is above.
import { createComponent, createContext, useContext, type JSX } from "solid-js";

export type Provider<T> = (props: { value: T; children: JSX.Element }) => JSX.Element;

/** `name` names the pair in errors: `useX is called outside <XProvider>` */
export function createProvider<T>(name: string): [Provider<T>, () => T] {
  const Context = createContext<T>();
  const Provider: Provider<T> = (props) =>
    createComponent(Context.Provider, {
      get value() {
        return props.value;
      },
      get children() {
        return props.children;
      },
    });
  const use = () => {
    const value = useContext(Context);
    if (value === undefined) throw new Error(`use${name} is called outside <${name}Provider>.`);
    return value;
  };
  return [Provider, use];
}
