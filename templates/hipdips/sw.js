// Hipdips' service worker, served by hipdips.pwa at /sw.js with its configuration filled in.
// Offline it serves the app shell, what the app teaches (the explainer, the exercises) and
// the open workout's page; anything else gets our offline page. It never keeps history,
// progress, account pages, exports or any answer to a POST, and it never sends a POST of
// its own: the player's queue is the page's (static/js/offline.js).
const CONFIG = {{ config|safe }};
const SHELL = `hipdips-shell-${CONFIG.version}`;
const PLAYER = "hipdips-player"; // the open workout's page, kept until it ends or log-out
const QUEUE_DB = "hipdips-offline";
const DAY_MS = 24 * 60 * 60 * 1000;
const ASSETS = new Set(CONFIG.assets);
const PAGES = new Set(CONFIG.pages);
const PLAYER_PAGE = new RegExp(`^${CONFIG.player}[0-9a-f-]{36}/$`);

// As a visitor without an account sees them, so nothing of anyone's is in the cache.
const anonymous = (url) => new Request(url, { credentials: "omit" });

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    await cache.addAll([...CONFIG.assets, ...CONFIG.pages].map(anonymous));
    // A page with actions still queued keeps the worker it has until they are sent.
    if (!(await actionsQueued())) await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // The old shell goes once the workout's page names the new files (while offline the old
    // page stays, and the old files with it).
    if (await refreshWorkoutPages()) {
      for (const name of await caches.keys()) {
        if (name.startsWith("hipdips-shell-") && name !== SHELL) await caches.delete(name);
      }
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  if (event.data?.type === "queue-empty") self.skipWaiting();
  if (event.data?.type === "workout-over") event.waitUntil(forgetWorkoutPage(event.data.url));
  if (event.data?.type === "keep-workout" && PLAYER_PAGE.test(event.data.url)) {
    event.waitUntil(keepWorkoutPage(event.data.url));
  }
});

self.addEventListener("fetch", (event) => {
  const { request } = event;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method !== "GET") {
    if (url.pathname === CONFIG.logout) event.respondWith(logOut(request));
    return;
  }
  if (ASSETS.has(url.pathname)) event.respondWith(cacheFirst(request, url));
  else if (request.mode !== "navigate") return;
  else if (PAGES.has(url.pathname)) event.respondWith(readable(request, url));
  else if (PLAYER_PAGE.test(url.pathname)) event.respondWith(workoutPage(request, url));
  else event.respondWith(fetch(request).catch(offlinePage));
});

async function cacheFirst(request, url) {
  const saved = () => caches.match(url.pathname, { ignoreVary: true }); // an old shell's too
  if (CONFIG.debug) return fetch(request).catch(saved);
  return (await saved()) ?? fetch(request);
}

async function offlinePage() {
  return (await caches.match(CONFIG.offline, { cacheName: SHELL, ignoreVary: true })) ?? Response.error();
}

// A page of ours served from the cache says so, for the page's script to tell the reader.
async function savedCopy(response) {
  const html = (await response.text()).replace("<html ", "<html data-saved-copy ");
  const headers = new Headers(response.headers);
  headers.delete("content-length");
  return new Response(html, { headers });
}

// The network first (it is always newer); the copy kept in the cache when offline. The
// copy is fetched again once a day while online.
async function readable(request, url) {
  try {
    const response = await fetch(request);
    refreshIfOld(url.pathname);
    return response;
  } catch {
    const saved = await caches.match(url.pathname, { cacheName: SHELL, ignoreVary: true });
    return saved ? savedCopy(saved) : offlinePage();
  }
}

async function refreshIfOld(path) {
  const cache = await caches.open(SHELL);
  const saved = await cache.match(path, { ignoreVary: true });
  const age = saved ? Date.now() - Date.parse(saved.headers.get("date") ?? "") : Infinity;
  if (!(age < DAY_MS)) await cache.add(anonymous(path)).catch(() => {});
}

// The open workout's page: kept each time it is loaded while the workout is open (the
// server says so in a header), forgotten once it is over.
async function workoutPage(request, url) {
  const cache = await caches.open(PLAYER);
  try {
    const response = await fetch(request);
    await keepIfOpen(cache, url.pathname, response.clone());
    if (response.status >= 500) {
      const saved = await cache.match(url.pathname, { ignoreVary: true });
      if (saved) return savedCopy(saved); // a server in trouble: go on as offline
    }
    return response;
  } catch {
    const saved = await cache.match(url.pathname, { ignoreVary: true });
    return saved ? savedCopy(saved) : offlinePage();
  }
}

// The one workout page kept: while the server says the workout is open; forgotten once it
// says otherwise (over, or gone); kept as it was when the server is in trouble.
async function keepIfOpen(cache, path, response) {
  if (response.ok && response.headers.get("Hipdips-Workout") === "open") {
    for (const old of await cache.keys()) await cache.delete(old);
    await cache.put(path, response);
  } else if (response.ok || response.status === 404) {
    await cache.delete(path);
  }
}

// A workout page loaded before this worker took over asks to be kept.
async function keepWorkoutPage(path) {
  const response = await fetch(path, { credentials: "same-origin" }).catch(() => null);
  if (response) await keepIfOpen(await caches.open(PLAYER), path, response);
}

async function forgetWorkoutPage(path) {
  const cache = await caches.open(PLAYER);
  await cache.delete(path);
}

// A new worker takes the open workout's page again, for the new shell's file names; false
// when it could not (offline).
async function refreshWorkoutPages() {
  const cache = await caches.open(PLAYER);
  for (const request of await cache.keys()) {
    try {
      await keepIfOpen(cache, new URL(request.url).pathname, await fetch(request.url));
    } catch {
      return false;
    }
  }
  return true;
}

async function logOut(request) {
  const response = await fetch(request);
  await caches.delete(PLAYER);
  await clearStores(["screens", "confirmed"]);
  return response;
}

function openQueue() {
  return new Promise((resolve) => {
    const opening = indexedDB.open(QUEUE_DB);
    // Made by the page's script, with its stores; the worker never creates it.
    opening.onupgradeneeded = () => opening.transaction.abort();
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => resolve(null);
  });
}

async function actionsQueued() {
  const db = await openQueue();
  if (!db || !db.objectStoreNames.contains("queue")) return false;
  const count = await new Promise((resolve) => {
    const counting = db.transaction("queue").objectStore("queue").count();
    counting.onsuccess = () => resolve(counting.result);
    counting.onerror = () => resolve(0);
  });
  db.close();
  return count > 0;
}

async function clearStores(names) {
  const db = await openQueue();
  if (!db) return;
  const present = names.filter((name) => db.objectStoreNames.contains(name));
  if (present.length) {
    await new Promise((resolve) => {
      const transaction = db.transaction(present, "readwrite");
      for (const name of present) transaction.objectStore(name).clear();
      transaction.oncomplete = transaction.onerror = resolve;
    });
  }
  db.close();
}
