import type { StorageArea, StoredItem } from './classifyStoredValue.ts';

export interface AreaScan {
  area: StorageArea;
  items: StoredItem[];
  /** Why the area could not be read, if it could not. */
  problem?: string;
}

/** Cached bodies larger than this are not read (tokens are small; pictures are not). */
const MAX_CACHED_BODY = 256 * 1024;

function scanWebStorage(area: 'localStorage' | 'sessionStorage', storage: Storage): AreaScan {
  const items: StoredItem[] = [];
  for (let index = 0; index < storage.length; index++) {
    const key = storage.key(index);
    if (key !== null) items.push({ area, key, value: storage.getItem(key) ?? '' });
  }
  return { area, items };
}

function scanCookies(document: Document): AreaScan {
  const items = document.cookie
    .split(';')
    .map((pair) => pair.trim())
    .filter(Boolean)
    .map((pair) => {
      const index = pair.indexOf('=');
      return {
        area: 'cookies' as const,
        key: index < 0 ? pair : pair.slice(0, index),
        value: index < 0 ? '' : pair.slice(index + 1),
      };
    });
  return { area: 'cookies', items };
}

const request = <T>(req: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

async function scanIndexedDb(indexedDB: IDBFactory): Promise<AreaScan> {
  const items: StoredItem[] = [];
  for (const { name } of await indexedDB.databases()) {
    if (!name) continue;
    // Only databases that exist are listed, so opening one creates nothing.
    const db = await request(indexedDB.open(name));
    try {
      for (const storeName of Array.from(db.objectStoreNames)) {
        const store = db.transaction(storeName, 'readonly').objectStore(storeName);
        const [keys, values] = await Promise.all([
          request(store.getAllKeys()),
          request(store.getAll()),
        ]);
        values.forEach((value, index) => {
          items.push({
            area: 'IndexedDB',
            key: `${name}/${storeName}/${String(keys[index])}`,
            value: typeof value === 'string' ? value : (JSON.stringify(value) ?? ''),
          });
        });
      }
    } finally {
      db.close();
    }
  }
  return { area: 'IndexedDB', items };
}

async function scanCacheStorage(caches: CacheStorage): Promise<AreaScan> {
  const items: StoredItem[] = [];
  for (const name of await caches.keys()) {
    const cache = await caches.open(name);
    for (const cached of await cache.keys()) {
      const response = await cache.match(cached);
      const length = Number(response?.headers.get('content-length') ?? 0);
      const body = response && length <= MAX_CACHED_BODY ? await response.text() : '';
      items.push({
        area: 'Cache Storage',
        key: `${name}: ${cached.url}`,
        value: `${cached.url}\n${body}`,
      });
    }
  }
  return { area: 'Cache Storage', items };
}

const safely = async (
  area: StorageArea,
  scan: () => AreaScan | Promise<AreaScan>,
): Promise<AreaScan> => {
  try {
    return await scan();
  } catch (error) {
    return { area, items: [], problem: (error as Error)?.message ?? String(error) };
  }
};

/**
 * Everything this origin has stored that a script can read, now: localStorage,
 * sessionStorage, IndexedDB, cookies (httpOnly ones are out of a script's reach, by design) and
 * Cache Storage. Reads only; never creates a database or a cache.
 */
export function scanOriginStorage(window: Window): Promise<AreaScan[]> {
  return Promise.all([
    safely('localStorage', () => scanWebStorage('localStorage', window.localStorage)),
    safely('sessionStorage', () => scanWebStorage('sessionStorage', window.sessionStorage)),
    safely('IndexedDB', () =>
      window.indexedDB
        ? scanIndexedDb(window.indexedDB)
        : { area: 'IndexedDB', items: [], problem: 'not available' },
    ),
    safely('cookies', () => scanCookies(window.document)),
    safely('Cache Storage', () =>
      window.caches
        ? scanCacheStorage(window.caches)
        : { area: 'Cache Storage', items: [], problem: 'not available (needs a secure context)' },
    ),
  ]);
}
