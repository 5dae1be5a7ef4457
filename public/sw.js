// Service worker for visits without a network. Assessors press "prepare" on a visit page,
// which stores that page, the app (JS, WASM, CSS) and the evidence thumbnails in the cache
// named below. From then on:
//  - the app's files and prepared pages are fetched from the network first, and the cached
//    copy is refreshed with every good answer; with no network (or a network that hangs)
//    the cached copy is served;
//  - nothing else is touched: server functions, uploads and sign-in always go to the server,
//    and the page keeps unsent scores on the device until they are stored.
const CACHE = 'lksa-visit-v1';
const NETWORK_TIMEOUT_MS = 6000;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function offlineCandidate(url) {
  if (url.origin !== self.location.origin) return false;
  const p = url.pathname;
  return p.startsWith('/pkg/') || p.startsWith('/visits/') || p === '/favicon.ico'
    || (p.startsWith('/evidence/') && p.endsWith('/thumbnail'));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function networkFirst(request) {
  const cache = await caches.open(CACHE);
  const key = new URL(request.url);
  key.search = '';
  const cached = await cache.match(key.href);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    // App files are always refreshed; pages and thumbnails only once prepared.
    const refresh = key.pathname.startsWith('/pkg/') || key.pathname === '/favicon.ico' || cached;
    if (response.ok && response.type === 'basic' && refresh) {
      await cache.put(key.href, response.clone());
    }
    return response;
  } catch (error) {
    if (cached) return cached;
    throw error;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (!offlineCandidate(url)) return;
  event.respondWith(networkFirst(request));
});
