import { MESSAGE_MATCHER_IS_ALREADY_BUILT, type Result, type Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * Hono's default router compiles every route into one RegExp on its first match: a few ms that
 * a command-line start spends before its first answer. This one answers with a TrieRouter
 * (cheap to build, slower per match) until the event loop has finished the first request, then
 * builds the RegExpRouter and matches with it from then on. Routes the RegExpRouter cannot take
 * (it throws when adding or building) stay on the TrieRouter, as with Hono's SmartRouter.
 * Like Hono's default, it only records routes until the first match: constructing an app
 * (in-process starts, one per test) costs no more than with Hono's default.
 */
export class DeferredRegExpRouter<T> implements Router<T> {
  name = 'DeferredRegExpRouter';
  #routes: [string, string, T][] | undefined = [];
  #trie: TrieRouter<T> | undefined;

  add(method: string, path: string, handler: T): void {
    if (!this.#routes) throw new Error(MESSAGE_MATCHER_IS_ALREADY_BUILT);
    this.#routes.push([method, path, handler]);
  }

  match(method: string, path: string): Result<T> {
    if (!this.#trie) {
      const routes = this.#routes ?? [];
      this.#routes = undefined;
      const trie = new TrieRouter<T>();
      for (const route of routes) trie.add(...route);
      this.#trie = trie;
      this.name = 'DeferredRegExpRouter (TrieRouter)';
      setImmediate(() => this.#switchToRegExp(routes));
    }
    return this.#trie.match(method, path);
  }

  #switchToRegExp(routes: [string, string, T][]): void {
    const regExp = new RegExpRouter<T>();
    try {
      for (const route of routes) regExp.add(...route);
      regExp.match('GET', '/');
    } catch {
      return;
    }
    // From now on straight to the RegExpRouter, as Hono's SmartRouter does once it has chosen.
    this.match = regExp.match.bind(regExp);
    this.name = 'DeferredRegExpRouter (RegExpRouter)';
  }
}
