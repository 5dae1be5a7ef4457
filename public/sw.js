// Service worker for work without a network. Assessors press "prepare" on a visit page,
// which stores that page, their home page (the list of their visits), every file of the app
// (the shell and each page's WASM chunk, JS, CSS, icons) and the evidence thumbnails in the
// cache named below. From then on:
//  - the self-assessment keeps itself (each component's page, with its ?c=, and the files it
//    loaded) every time it is opened, so a manager's reload without signal shows it as last seen;
//  - app files whose name carries a hash of their content (release builds) are served from the
//    cache when they are there: the same name never holds anything else;
//  - other app files and prepared pages are fetched from the network first, and the cached copy
//    is refreshed with every good answer; with no network (or a network that hangs) the cached
//    copy is served;
//  - a page opened without a network that was never prepared sends the browser to the prepared
//    home page, or, if nothing was prepared, to a short page that says so (not the browser's
//    offline error);
//  - nothing else is touched: server functions, uploads and sign-in always go to the server,
//    and the page keeps unsent scores on the device until they are stored.
const CACHE = 'lksa-visit-v1';
const NETWORK_TIMEOUT_MS = 6000;
const HASHED = /^\/pkg\/[^/]+\.[A-Za-z0-9_-]{22}\.[a-z]+$/;

self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));

function isAppFile(p) {
  return p.startsWith('/pkg/') || p.startsWith('/icons/') || p === '/favicon.ico' || p === '/manifest.webmanifest';
}

function offlineCandidate(url) {
  if (url.origin !== self.location.origin) return false;
  const p = url.pathname;
  return isAppFile(p) || p === '/' || p.startsWith('/visits/') || p === '/self-assessment'
    || (p.startsWith('/evidence/') && p.endsWith('/thumbnail'));
}

function withTimeout(promise, ms) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('network timeout')), ms);
    promise.then((v) => { clearTimeout(timer); resolve(v); }, (e) => { clearTimeout(timer); reject(e); });
  });
}

async function hashedFile(request) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(request.url, { ignoreSearch: true });
  if (cached) return cached;
  const response = await fetch(request);
  if (response.ok && response.type === 'basic') await cache.put(request.url, response.clone());
  return response;
}

// Said in both languages: the page's language is not known to a page that never loaded.
const NOTHING_PREPARED = `<!DOCTYPE html><html lang="id"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Tidak ada jaringan</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;line-height:1.5;color:#1a1a1a}h1{font-size:1.4rem}</style>
</head><body><main><h1>Tidak ada jaringan</h1>
<p>Halaman ini belum disiapkan untuk dipakai tanpa sinyal di perangkat ini. Sambungkan ke jaringan, lalu muat ulang.
Kunjungan yang sudah disiapkan ("Siapkan untuk tanpa sinyal") tetap bisa dibuka.</p>
<p lang="en">No network. This page was not prepared for use without signal on this device. Connect, then reload.
Visits prepared earlier ("Prepare for offline") still open.</p>
<p><a href="/">Beranda / Home</a></p></main></body></html>`;

async function networkFirst(request, url) {
  const cache = await caches.open(CACHE);
  const key = new URL(request.url);
  // The self-assessment's component (?c=) is a different page; elsewhere the query is not.
  if (key.pathname !== '/self-assessment') key.search = '';
  const cached = await cache.match(key.href);
  try {
    const response = await withTimeout(fetch(request), NETWORK_TIMEOUT_MS);
    // App files are always refreshed; pages and thumbnails only once prepared.
    const refresh = isAppFile(key.pathname) || cached;
    if (response.ok && response.type === 'basic' && refresh) {
      await cache.put(key.href, response.clone());
    }
    return response;
  } catch (error) {
    if (cached) return cached;
    if (request.mode === 'navigate') return offlinePage(url);
    throw error;
  }
}

async function offlinePage(url) {
  const cache = await caches.open(CACHE);
  const home = await cache.match(new URL('/', url).href);
  if (home && url.pathname !== '/') return Response.redirect('/', 302);
  return new Response(NOTHING_PREPARED, { status: 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } });
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (HASHED.test(url.pathname)) {
    event.respondWith(hashedFile(request));
    return;
  }
  if (offlineCandidate(url)) {
    event.respondWith(networkFirst(request, url));
  } else if (request.mode === 'navigate') {
    // Any other page: straight to the network, with a page that says what happened when there is none.
    event.respondWith(fetch(request).catch(() => offlinePage(url)));
  }
});
