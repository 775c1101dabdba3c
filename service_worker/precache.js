// Precaching: all or nothing, in the manner of Workbox's precaching. Every entry of a version
// is saved, or none is, and an older complete version is left untouched until the new one
// activates.
const PARALLEL_DOWNLOADS = 4;

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
        const response = entry.response || (await findUnchanged(entry, olderCaches)) ||
          (await fetchFresh(entry.url));
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
  const progress = () => broadcast({ type: TELLS.progress, done: ++done, total });
  await broadcast({ type: TELLS.progress, done: 0, total });
  try {
    let savedAt = null;
    for (const part of parts) {
      savedAt = await fill(part.cacheName, part.entries, await olderCompleteCaches(part.kind), progress);
    }
    await broadcast({ type: TELLS.saved, savedAt, locales: parts.map((p) => p.locale).filter(Boolean) });
  } catch (error) {
    await Promise.all(parts.map((part) => caches.delete(part.cacheName)));
    await broadcast({ type: TELLS.failed, reason: String(error && error.message) });
    throw error;
  }
}

// The list of what to save is a resource of its own, named by the version, so this script
// stays small however large the library grows. It is saved in the core cache with everything
// else: a worker the browser restarts while offline reads it from there.
let precacheList = null;

function loadPrecacheList() {
  precacheList = precacheList || (async () => {
    const response = (await matchSaved(PRECACHE_URL)) || (await fetchFresh(PRECACHE_URL));
    return response.json();
  })();
  // A failed attempt (no network, nothing saved yet) is not kept: the next one tries again.
  precacheList.catch(() => { precacheList = null; });
  return precacheList;
}

function localePart(list, locale) {
  return { kind: pagesKind(locale), locale, cacheName: pagesCache(locale), entries: list.locales[locale] };
}

// The source language always, plus every language the family has used: the languages saved
// by the previous version, and those of the pages open now.
async function localesToSave(list) {
  const locales = new Set([GRAMMAR.sourceLocale]);
  for (const name of await caches.keys()) {
    const locale = localeOfCache(name);
    if (locale && list.locales[locale]) locales.add(locale);
  }
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const page = splitPagePath(new URL(client.url).pathname);
    if (page) locales.add(page.locale);
  }
  return [...locales];
}

// Only now, with this version complete, are older versions' caches deleted.
async function deleteOutdatedCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(`${PREFIX}-`) && !isOwnCache(name)) await caches.delete(name);
  }
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const listResponse = await fetchFresh(PRECACHE_URL);
    const list = await listResponse.clone().json();
    precacheList = Promise.resolve(list);
    // The list itself is saved with the core entries, all or nothing like them.
    const listEntry = { url: PRECACHE_URL, revision: VERSION, response: listResponse };
    const parts = [{ kind: "core", cacheName: CORE_CACHE, entries: [listEntry, ...list.core] }];
    for (const locale of await localesToSave(list)) parts.push(localePart(list, locale));
    await saveAll(parts);
  })());
  // No skipWaiting() here: an update waits for the family's consent (see "message").
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    await deleteOutdatedCaches();
    await self.clients.claim();
  })());
});
