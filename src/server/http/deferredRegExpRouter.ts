import { MESSAGE_MATCHER_IS_ALREADY_BUILT, type Result, type Router } from 'hono/router';
import { RegExpRouter } from 'hono/router/reg-exp-router';
import { TrieRouter } from 'hono/router/trie-router';

/**
 * Hono's default router compiles every route into one RegExp on its first match: a few ms that
 * a command-line start spends before its first answer. This one answers with a TrieRouter
 * (nothing to build, slower per match) until the event loop has finished the first request,
 * then builds the RegExpRouter and matches with it from then on. Routes the RegExpRouter cannot
 * take (it throws when adding or building) stay on the TrieRouter, as with Hono's SmartRouter.
 */
export class DeferredRegExpRouter<T> implements Router<T> {
  name = 'DeferredRegExpRouter (TrieRouter)';
  #trie = new TrieRouter<T>();
  #regExp: RegExpRouter<T> | undefined = new RegExpRouter<T>();
  #buildScheduled = false;

  add(method: string, path: string, handler: T): void {
    if (this.#buildScheduled) throw new Error(MESSAGE_MATCHER_IS_ALREADY_BUILT);
    this.#trie.add(method, path, handler);
    try {
      this.#regExp?.add(method, path, handler);
    } catch {
      this.#regExp = undefined;
    }
  }

  match(method: string, path: string): Result<T> {
    if (!this.#buildScheduled) {
      this.#buildScheduled = true;
      setImmediate(() => this.#switchToRegExp());
    }
    return this.#trie.match(method, path);
  }

  #switchToRegExp(): void {
    const regExp = this.#regExp;
    if (!regExp) return;
    try {
      regExp.match('GET', '/');
    } catch {
      this.#regExp = undefined;
      return;
    }
    // From now on straight to the RegExpRouter, as Hono's SmartRouter does once it has chosen.
    this.match = regExp.match.bind(regExp);
    this.name = 'DeferredRegExpRouter (RegExpRouter)';
  }
}
