// Steady's service worker: every case study and the crisis help, saved for use with no signal.
//
// The app writes the precache list into this script when it starts (app/offline.py), so the
// script changes whenever any saved page or asset changes, and the browser installs the new
// version beside the old one. The new version waits until the family taps "Update".
//
// Strategy: saved pages are served cache first. They are versioned as a whole, so serving them
// from the cache is never "stale" in a way a refresh in the background could fix without
// changing the page a parent is reading; changes arrive as a new version they agree to.
// Anything not saved goes to the network with a short timeout, then falls back to a saved page.
"use strict";

const MANIFEST = self.__PRECACHE_MANIFEST__;
const VERSION = MANIFEST.version;
const PREFIX = "steady";
const CORE_CACHE = `${PREFIX}-core-${VERSION}`;
const SOURCE_LOCALE = "en";
// Written last into each cache: a cache without it was never completed.
const COMPLETE_MARKER = "/__steady/complete";
const NETWORK_TIMEOUT_MS = 4000;
const PARALLEL_DOWNLOADS = 4;

function pagesCache(locale) {
  return `${PREFIX}-pages-${locale}-${VERSION}`;
}

function isOwnCache(name) {
  return name.startsWith(`${PREFIX}-`) && name.endsWith(`-${VERSION}`);
}

function localeOf(pathname) {
  const first = pathname.split("/")[1];
  return Object.prototype.hasOwnProperty.call(MANIFEST.locales, first) ? first : null;
}

// ---------------------------------------------------------------------------------------------
// Telling the pages how saving goes (they may not be controlled by us yet).

async function broadcast(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage({ version: VERSION, ...message });
}

// ---------------------------------------------------------------------------------------------
// Precaching: all or nothing.

async function fetchFresh(url) {
  // cache: "reload" skips the HTTP cache, so we save what the server has now.
  const response = await fetch(url, { cache: "reload", credentials: "same-origin", redirect: "follow" });
  // Refuse redirects (Safari will not use a redirected response for a navigation), errors,
  // and anything opaque or from elsewhere.
  if (!response.ok || response.redirected || response.type !== "basic") {
    throw new Error(`${url} answered ${response.status}${response.redirected ? " after a redirect" : ""}`);
  }
  return response;
}

async function revisionsIn(cacheName) {
  const cache = await caches.open(cacheName);
  const marker = await cache.match(COMPLETE_MARKER);
  return marker ? (await marker.json()).revisions : null;
}

// An entry whose bytes have not changed is copied from an older complete cache rather than
// downloaded again: an update over a weak signal costs only what changed.
async function findUnchanged(entry, olderCaches) {
  for (const { name, revisions } of olderCaches) {
    if (revisions && revisions[entry.url] === entry.revision) {
      const response = await (await caches.open(name)).match(entry.url);
      if (response) return response;
    }
  }
  return null;
}

async function olderCompleteCaches(kind) {
  const names = (await caches.keys()).filter(
    (name) => name.startsWith(`${PREFIX}-${kind}-`) && !isOwnCache(name));
  return Promise.all(names.map(async (name) => ({ name, revisions: await revisionsIn(name) })));
}

async function fill(cacheName, entries, olderCaches, onEntry) {
  const cache = await caches.open(cacheName);
  const queue = entries.slice();
  let failure = null;
  async function worker() {
    while (queue.length && !failure) {
      const entry = queue.shift();
      try {
        const response = (await findUnchanged(entry, olderCaches)) || (await fetchFresh(entry.url));
        await cache.put(entry.url, response);
        onEntry();
      } catch (error) {
        failure = failure || error;
      }
    }
  }
  // Every download ends (or stops at the first failure) before the caller cleans up, so no
  // late download can write into a cache that is being deleted.
  await Promise.all(Array.from({ length: PARALLEL_DOWNLOADS }, worker));
  if (failure) throw failure;
  const revisions = Object.fromEntries(entries.map((entry) => [entry.url, entry.revision]));
  const savedAt = new Date().toISOString();
  await cache.put(COMPLETE_MARKER, new Response(JSON.stringify({ savedAt, revisions }),
    { headers: { "Content-Type": "application/json" } }));
  return savedAt;
}

// Save several caches as one: if any entry fails, every cache of this attempt is deleted, so
// nothing half-made is ever served, and the previous version's caches are left untouched.
async function saveAll(parts) {
  const total = parts.reduce((sum, part) => sum + part.entries.length, 0);
  let done = 0;
  const progress = () => broadcast({ type: "progress", done: ++done, total });
  await broadcast({ type: "progress", done: 0, total });
  try {
    let savedAt = null;
    for (const part of parts) {
      savedAt = await fill(part.cacheName, part.entries, await olderCompleteCaches(part.kind), progress);
    }
    await broadcast({ type: "saved", savedAt, locales: parts.map((p) => p.locale).filter(Boolean) });
  } catch (error) {
    await Promise.all(parts.map((part) => caches.delete(part.cacheName)));
    await broadcast({ type: "failed", reason: String(error && error.message) });
    throw error;
  }
}

function localePart(locale) {
  return { kind: `pages-${locale}`, locale, cacheName: pagesCache(locale), entries: MANIFEST.locales[locale] };
}

// English always, plus every language the family has used: the languages saved by the
// previous version, and those of the pages open now.
async function localesToSave() {
  const locales = new Set([SOURCE_LOCALE]);
  for (const name of await caches.keys()) {
    const match = name.match(new RegExp(`^${PREFIX}-pages-([^-]+)-`));
    if (match && MANIFEST.locales[match[1]]) locales.add(match[1]);
  }
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const locale = localeOf(new URL(client.url).pathname);
    if (locale) locales.add(locale);
  }
  return [...locales];
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const parts = [{ kind: "core", cacheName: CORE_CACHE, entries: MANIFEST.core }];
    for (const locale of await localesToSave()) parts.push(localePart(locale));
    await saveAll(parts);
  })());
  // No skipWaiting() here: an update waits for the family's consent (see "message").
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    // Only now, with this version complete, are older versions' caches deleted.
    for (const name of await caches.keys()) {
      if (name.startsWith(`${PREFIX}-`) && !isOwnCache(name)) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

// ---------------------------------------------------------------------------------------------
// Serving.

async function ownCaches() {
  return Promise.all((await caches.keys()).filter(isOwnCache).map((name) => caches.open(name)));
}

async function matchSaved(url) {
  for (const cache of await ownCaches()) {
    const response = await cache.match(url);
    if (response) return response;
  }
  return null;
}

async function fetchWithTimeout(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// A page that is not saved: the same page without its query (the library filters itself in
// place; the crisis page falls back to its default country), else the offline page, which
// holds the crisis panel and the list of what is saved.
async function offlineFallback(url) {
  const locale = localeOf(url.pathname) || SOURCE_LOCALE;
  const plain = url.pathname.startsWith(`/${locale}/plain/`);
  const candidates = [
    url.pathname,
    `/${locale}/${plain ? "plain/" : ""}offline`,
    `/${locale}/offline`,
    `/${SOURCE_LOCALE}/offline`,
  ];
  for (const candidate of candidates) {
    const response = await matchSaved(candidate);
    if (response) return response;
  }
  return new Response("You are offline and this page is not saved.", {
    status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

async function respond(request, url) {
  const saved = await matchSaved(url.pathname + url.search);
  if (saved) return saved;
  try {
    return await fetchWithTimeout(request);
  } catch (error) {
    if (request.mode === "navigate") return offlineFallback(url);
    return Response.error();
  }
}

// Choosing a language or reading mode goes through /settings, which sets a cookie and
// redirects. Offline, still go where the family asked to go.
async function settings(request, url) {
  try {
    return await fetchWithTimeout(request);
  } catch (error) {
    const next = url.searchParams.get("next") || "/";
    const safe = next.startsWith("/") && !next.startsWith("//") ? next : "/";
    return Response.redirect(new URL(safe, self.location.origin).href, 303);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Never cache or answer for another origin: the browser handles those itself.
  if (url.origin !== self.location.origin || url.pathname === "/sw.js") return;
  event.respondWith(url.pathname === "/settings" ? settings(request, url) : respond(request, url));
});

// ---------------------------------------------------------------------------------------------
// Messages from the pages.

async function status(client, locale) {
  const cacheName = locale && MANIFEST.locales[locale] ? pagesCache(locale) : CORE_CACHE;
  const keys = await caches.keys();
  let savedAt = null;
  if (keys.includes(cacheName) && keys.includes(CORE_CACHE)) {
    const marker = await (await caches.open(cacheName)).match(COMPLETE_MARKER);
    if (marker) savedAt = (await marker.json()).savedAt;
  }
  client.postMessage({ type: "status", version: VERSION, locale, savedAt });
}

async function saveLocale(locale) {
  if (!MANIFEST.locales[locale]) return;
  const marker = await (await caches.open(pagesCache(locale))).match(COMPLETE_MARKER);
  if (marker) return;
  await saveAll([localePart(locale)]);
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === "SKIP_WAITING") {
    self.skipWaiting();
  } else if (data.type === "STATUS") {
    event.waitUntil(status(event.source, data.locale));
  } else if (data.type === "SAVE_LOCALE") {
    event.waitUntil(saveLocale(data.locale).catch(() => {}));
  }
});
