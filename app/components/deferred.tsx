// A module the page renders but does not need to become usable (issue 14, editor weight): the server
// renders its components as always; in the browser they hydrate once their chunk arrives, which the
// first hydration asks for at once and after the rest (React keeps the server's HTML meanwhile), and
// a client-side navigation waits for in the route's clientLoader, so it never shows a gap.
// React.lazy would suspend once even when the chunk is already here: `use` returns it synchronously.
export interface Deferred<M> {
  /** Starts (once) the import; resolves when the module is here. */
  preload(): Promise<M>;
  /** The module, or suspends the rendering component until it is here (inside a <Suspense>). */
  use(): M;
}

export function deferred<M>(load: () => Promise<M>): Deferred<M> {
  let module: M | null = null;
  let pending: Promise<M> | null = null;
  const preload = () =>
    (pending ??= load().then(
      (m) => (module = m),
      (error: unknown) => {
        // A failed download (offline with a stale cache): the next render may try again.
        pending = null;
        throw error;
      },
    ));
  return {
    preload,
    use() {
      if (module) return module;
      throw preload();
    },
  };
}
