// Precaching in stages, each all or nothing in the manner of Workbox's precaching: every entry
// of a stage is saved, or none is, and an older complete version is left untouched until the
// new one activates. The stages (app/delivery/precache.py), each a cache of its own version:
// "core" (what the pages of the first hour load) and "first-<locale>" (the family's language's
// crisis page in each country, offline page and Start here), with the page being read, saved
// before the worker activates, so they open offline within seconds of a first visit; then
// "extras" (the rest of the core) and "pages-<locale>" (the rest of the language), saved after
// it (as Workbox warms a runtime cache from a list). An update saves every stage the family had
// before it waits for their consent, so an update never mixes versions.
//
// A stage no older cache holds any of (a first visit) comes as one bundle: one round trip, and
// one compressed stream in which every page's shared frame costs its bytes once.
// Chromium opens at most six connections to one host over HTTP/1.1.
const PARALLEL_DOWNLOADS = 6;
// An update fetches what changed one by one while few entries did; more, and the stage's bundle.
const FEW_CHANGES = 2 * PARALLEL_DOWNLOADS;
const PROGRESS_EVERY_MS = 200;

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

async function isComplete(cacheName) {
  return (await caches.has(cacheName)) && Boolean(await (await caches.open(cacheName)).match(COMPLETE_MARKER));
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

// Every older complete cache: an entry may have moved from one stage to another.
async function olderCompleteCaches() {
  const names = (await caches.keys()).filter((name) => name.startsWith(`${PREFIX}-`) && !isOwnCache(name));
  const found = await Promise.all(names.map(async (name) => ({ name, revisions: await revisionsIn(name) })));
  return found.filter((older) => older.revisions);
}

// The headers every response of ours carries (the security policy among them), read from the
// bundle's own response: a page cut from a bundle is served offline with them, as if fetched.
function sharedHeaders(response) {
  const own = ["content-type", "content-length", "content-encoding", "etag", "vary", "cache-control"];
  return [...response.headers].filter(([name]) => !own.includes(name.toLowerCase()));
}

// A bundle (app/delivery/bundle.py) is a first line of JSON, [[url, content type, size, form],
// ...], then each file in that order: its bytes, or one line of JSON giving its lines, every
// line of the bundle written out once and named by its number after that. Each file wanted
// (url -> revision) is checked against its revision and handed to `save` as soon as it is
// whole, so progress is real on a slow link; a bundle cut short, holding other bytes or giving
// a file other than the server's is an error, and stops the download.
async function unpackBundle(url, wanted, save, early) {
  const response = await (early || fetchFresh(url));
  const headers = sharedHeaders(response);
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  const encoder = new TextEncoder();
  const book = [];
  let pending = new Uint8Array(0);
  let index = null;
  let next = 0;
  let failure = null;
  const saving = [];
  const takeLine = () => {
    const end = pending.indexOf(10);
    if (end < 0) return null;
    const line = decoder.decode(pending.subarray(0, end));
    pending = pending.subarray(end + 1);
    return line;
  };
  const checkAndSave = async (fileUrl, type, body, revision) => {
    if (!(await isRevision(body, revision))) {
      throw new Error(`${url} gave ${fileUrl} other than revision ${revision}`);
    }
    await save(fileUrl, new Response(body, { headers: [...headers, ["Content-Type", type]] }));
  };
  try {
    while (!failure) {
      const { done, value } = await reader.read();
      if (done) break;
      const joined = new Uint8Array(pending.length + value.length);
      joined.set(pending);
      joined.set(value, pending.length);
      pending = joined;
      if (index === null) {
        const line = takeLine();
        if (line === null) continue;
        index = JSON.parse(line);
      }
      while (next < index.length) {
        const [fileUrl, type, size, form] = index[next];
        let body;
        if (form === "lines") {
          const line = takeLine();
          if (line === null) break;
          // Every file's lines go into the book, wanted or not: later files name them.
          body = encoder.encode(readLines(JSON.parse(line), book));
        } else {
          if (pending.length < size) break;
          body = pending.slice(0, size);
          pending = pending.subarray(size);
        }
        next += 1;
        if (body.length !== size) {
          throw new Error(`${url} gave ${fileUrl} in ${body.length} bytes, not ${size}`);
        }
        if (!wanted.has(fileUrl)) continue;  // saved already, unchanged
        const revision = wanted.get(fileUrl);
        wanted.delete(fileUrl);
        const saved = checkAndSave(fileUrl, type, body, revision);
        saved.catch((error) => { failure = failure || error; });
        saving.push(saved);
      }
    }
  } catch (error) {
    failure = failure || error;
  }
  // Every save ends before the caller hears of a failure: none may write into a cache that is
  // being deleted, nor tell of progress after the failure was told.
  if (failure) reader.cancel().catch(() => {});
  await Promise.allSettled(saving);
  if (failure) throw failure;
  if (index === null || next < index.length || pending.length) throw new Error(`${url} was cut short`);
}

// A file's text from its line of a bundle: a new line as itself (added to the book), a line of
// the book by its number n, and n, -k for the k lines of the book from n.
function readLines(written, book) {
  let text = "";
  let last = -1;
  for (const item of written) {
    if (typeof item === "string") {
      book.push(item);
      text += item;
    } else if (item >= 0) {
      text += book[item];
      last = item;
    } else {
      for (let number = last + 1; number < last - item; number += 1) text += book[number];
    }
  }
  return text;
}

// Whether these bytes are the revision's: its revision is the start of their SHA-256, in hex
// (app/web/stored.py).
async function isRevision(bytes, revision) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", bytes));
  const hex = Array.from(digest, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return revision.length > 0 && hex.startsWith(revision);
}

async function fill(part, olderCaches, onEntry) {
  const cache = await caches.open(part.cacheName);
  const missing = [];
  for (const entry of part.entries) {
    const response = entry.response || (await findUnchanged(entry, olderCaches));
    if (response) {
      await cache.put(entry.url, response);
      onEntry();
    } else {
      missing.push(entry);
    }
  }
  const bundled = missing.filter((entry) => !entry.outsideBundle);
  if (bundled.length > FEW_CHANGES || part.early) {
    const wanted = new Map(bundled.map((entry) => [entry.url, entry.revision]));
    const unpacked = unpackBundle(part.bundleUrl, wanted, async (url, response) => {
      await cache.put(url, response);
      onEntry();
    }, part.early);
    // Pages of other stages saved with this one (the page being read) come on their own,
    // beside the bundle; both end before a failure is reported.
    const alone = fetchEach(cache, missing.filter((entry) => entry.outsideBundle), onEntry);
    const ended = await Promise.allSettled([unpacked, alone]);
    const failure = ended.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    if (wanted.size) throw new Error(`${part.bundleUrl} lacks ${[...wanted.keys()][0]}`);
  } else {
    await fetchEach(cache, missing, onEntry);
  }
  const revisions = Object.fromEntries(part.entries.map((entry) => [entry.url, entry.revision]));
  const savedAt = new Date().toISOString();
  await cache.put(COMPLETE_MARKER, new Response(JSON.stringify({ savedAt, revisions }),
    { headers: { "Content-Type": "application/json" } }));
  forgetSavedCaches();
  return savedAt;
}

// The revision a response of ours carries: its ETag is the revision of its bytes, "-br" or
// "-gz" added for a compressed form (app/web/stored.py CODINGS).
function revisionOf(response) {
  return (response.headers.get("ETag") || "").replace(/"/g, "").replace(/-(br|gz)$/, "");
}

// A page open now is in the browser's HTTP cache already: taken from there when its bytes are
// this version's (no round trip on a slow link), from the network otherwise.
async function fetchEntry(entry) {
  if (entry.early) {
    const kept = await entry.early.catch(() => null);
    if (kept && kept.ok && kept.type === "basic" && !kept.redirected && revisionOf(kept) === entry.revision) {
      return kept;
    }
  }
  return checkedAgainstRevision(entry, await fetchFresh(entry.url));
}

// A file fetched on its own is checked as a bundle's are, by its bytes: behind a web server
// (deploy/nginx/) its ETag is the server's, not the revision, and a proxy on the way may have
// changed what it carries.
async function checkedAgainstRevision(entry, response) {
  const body = await response.arrayBuffer();
  if (!(await isRevision(body, entry.revision))) {
    throw new Error(`${entry.url} came other than revision ${entry.revision}`);
  }
  const type = response.headers.get("Content-Type") || "application/octet-stream";
  return new Response(body, { headers: [...sharedHeaders(response), ["Content-Type", type]] });
}

async function fetchEach(cache, entries, onEntry) {
  const queue = entries.slice();
  let failure = null;
  async function worker() {
    while (queue.length && !failure) {
      const entry = queue.shift();
      try {
        await cache.put(entry.url, await fetchEntry(entry));
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
}

// Save several caches as one: if any entry fails, every cache of this attempt is deleted, so
// nothing half-made is ever served, and the previous version's caches are left untouched.
// `stage` tells the pages which (STAGES): the help of the first hour, or the rest after it.
async function saveAll(parts, stage) {
  const total = parts.reduce((sum, part) => sum + part.entries.length, 0);
  const locales = [...new Set(parts.map((part) => part.locale).filter(Boolean))];
  let done = 0;
  let toldAt = 0;
  // Told a few times a second, not for every file: each telling asks the browser for every
  // window, and a bundle brings a hundred files at once.
  const progress = () => {
    done += 1;
    if (done < total && Date.now() - toldAt < PROGRESS_EVERY_MS) return;
    toldAt = Date.now();
    broadcast({ type: TELLS.progress, stage, locales, done, total });
  };
  await broadcast({ type: TELLS.progress, stage, locales, done: 0, total });
  try {
    const olderCaches = await olderCompleteCaches();
    // The parts at once, so their round trips overlap; each ends (or fails) before any cache
    // is deleted, so no late download can write into a cache being deleted.
    const filled = await Promise.allSettled(parts.map((part) => fill(part, olderCaches, progress)));
    const failure = filled.find((result) => result.status === "rejected");
    if (failure) throw failure.reason;
    await broadcast({ type: TELLS.saved, stage, savedAt: filled[0].value, locales });
  } catch (error) {
    await Promise.all(parts.map((part) => caches.delete(part.cacheName)));
    forgetSavedCaches();
    await tellFailed(stage, locales, error);
    throw error;
  }
}

async function tellFailed(stage, locales, error) {
  await broadcast({ type: TELLS.failed, stage, locales, reason: String(error && error.message) });
}

// Each language's list of what to save (the core, and that language's pages) is a resource of
// its own, named by the version: this script stays small however large the library grows, and a
// first visit reads its own language's list only. A list is saved with its language's first
// stage, all or nothing like it: a worker the browser restarts while offline reads it there.
const precacheLists = new Map();

function loadPrecacheList(locale) {
  if (!precacheLists.has(locale)) {
    const url = precacheUrl(locale);
    const loading = (async () => ((await matchSaved(url)) || (await fetchFresh(url))).json())();
    // A failed attempt (no network, nothing saved yet) is not kept: the next one tries again.
    loading.catch(() => {
      if (precacheLists.get(locale) === loading) precacheLists.delete(locale);
    });
    precacheLists.set(locale, loading);
  }
  return precacheLists.get(locale);
}

function stagePart(kind, entries, locale) {
  return { kind, locale, cacheName: cacheFor(kind), entries, bundleUrl: bundleUrl(kind) };
}

// A language's help of the first hour, and the rest of its pages: two parts, two caches.
// The stages (app/delivery/precache.py): of the core, what the pages of the first hour need
// whatever the language, and the rest; a language's first hour (its core pages among them),
// and the rest of its pages.
function corePart(list, extra) {
  const essential = new Set(list.essential);
  return stagePart("core", [...list.core.filter((e) => essential.has(e.url)), ...extra], null);
}

function extrasPart(list) {
  const essential = new Set(list.essential);
  return stagePart("extras", list.core.filter((e) => !essential.has(e.url)), null);
}

// The list itself is saved with the stage, rebuilt from what was read: a response is read once.
function firstPart(list, locale) {
  const first = new Set(list.first);
  const listEntry = {
    url: precacheUrl(locale),
    revision: VERSION,
    response: new Response(JSON.stringify(list), { headers: { "Content-Type": "application/json" } }),
  };
  const entries = [...list.core, ...list.pages].filter((e) => first.has(e.url));
  return stagePart(firstKind(locale), [...entries, listEntry], locale);
}

function localePart(list, locale) {
  const first = new Set(list.first);
  return stagePart(pagesKind(locale), list.pages.filter((e) => !first.has(e.url)), locale);
}

async function windowLocales() {
  const locales = [];
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const page = splitPagePath(new URL(client.url).pathname);
    if (page && !locales.includes(page.locale)) locales.push(page.locale);
  }
  return locales;
}

// The languages of the pages open now (the family's), else the source language.
async function firstLocales() {
  const open = await windowLocales();
  return open.length ? open : [GRAMMAR.sourceLocale];
}

// The source language always, plus every language the family has used: the languages saved
// by the previous version, and those of the pages open now. The family's own first.
async function localesToSave() {
  const locales = new Set(await firstLocales());
  for (const name of await caches.keys()) {
    const locale = localeOfCache(name);
    if (locale && GRAMMAR.locales.includes(locale)) locales.add(locale);
  }
  locales.add(GRAMMAR.sourceLocale);
  return [...locales];
}

// Our pages open now, by path and query.
async function openPages() {
  const open = new Set();
  for (const client of await self.clients.matchAll({ type: "window", includeUncontrolled: true })) {
    const url = new URL(client.url);
    if (url.origin === self.location.origin && splitPagePath(url.pathname)) open.add(url.pathname + url.search);
  }
  return open;
}

// The pages open now, whatever stage holds them: the page a parent is reading opens offline
// as soon as the crisis help does. Saved with the core (all or nothing like it); the lists are
// those of the languages open now.
async function pagesBeingRead(lists, early) {
  const open = await openPages();
  const pages = lists.flatMap((list) => list.pages).filter((entry) => open.has(entry.url));
  return pages.map((entry) => ({ ...entry, outsideBundle: true, early: early.get(entry.url) }));
}

// Only now, with this version complete, are older versions' caches deleted.
async function deleteOutdatedCaches() {
  for (const name of await caches.keys()) {
    if (name.startsWith(`${PREFIX}-`) && !isOwnCache(name)) await caches.delete(name);
  }
  forgetSavedCaches();
}

// Whether an older version saved this kind completely (the family had it offline).
async function olderHad(kind) {
  const names = (await caches.keys()).filter((name) => name.startsWith(`${PREFIX}-${kind}-`) && !isOwnCache(name));
  for (const name of names) if (await isComplete(name)) return true;
  return false;
}

// The rest of a language, after the worker is active. One attempt at a time per language, and
// one language after another (the extras are saved with the first): the activation and the
// pages may all ask.
const librariesSaving = new Map();
let lastLibrary = Promise.resolve();

function saveLibrary(locale) {
  if (!librariesSaving.has(locale)) {
    const saving = lastLibrary.catch(() => {}).then(async () => {
      const stages = [
        ["extras", extrasPart],
        [firstKind(locale), firstPart],
        [pagesKind(locale), localePart],
      ];
      const missing = [];
      for (const [kind, partOf] of stages) if (!(await isComplete(cacheFor(kind)))) missing.push(partOf);
      // The list only when something is missing: offline, a language saved has nothing to fetch.
      if (!missing.length) return;
      // A list that cannot be had (offline, not saved) fails the saving as a file would.
      const list = await loadPrecacheList(locale).catch(async (error) => {
        await tellFailed(STAGES.library, [locale], error);
        throw error;
      });
      await saveAll(missing.map((partOf) => partOf(list, locale)), STAGES.library);
    });
    lastLibrary = saving;
    librariesSaving.set(locale, saving);
    saving.then(() => librariesSaving.delete(locale), () => librariesSaving.delete(locale));
  }
  return librariesSaving.get(locale);
}

async function saveLibraries() {
  for (const locale of await localesToSave()) await saveLibrary(locale).catch(() => {});
}

// On a first visit nothing can be copied from an older version: the bundles of the help of the
// first hour are asked for at once, beside the list, sparing a round trip, and the pages open
// now are looked up in the HTTP cache (fetchEntry). Each failure is reported by the stage that
// reads it.
async function earlyFetches(locales) {
  const early = { bundles: {}, pages: new Map() };
  if ((await caches.keys()).some((name) => name.startsWith(`${PREFIX}-`))) return early;
  for (const kind of ["core", ...locales.map(firstKind)]) {
    early.bundles[kind] = fetchFresh(bundleUrl(kind));
    early.bundles[kind].catch(() => {});
  }
  for (const url of await openPages()) {
    early.pages.set(url, fetch(url, { cache: "force-cache", credentials: "same-origin" }));
    early.pages.get(url).catch(() => {});
  }
  return early;
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const first = await firstLocales();
    // The lists of the languages open now, asked for beside the early bundles.
    const firstLists = Promise.all(first.map(loadPrecacheList));
    firstLists.catch(() => {});  // awaited below, after the early fetches have started
    const early = await earlyFetches(first);
    const lists = await firstLists;
    const parts = [corePart(lists[0], await pagesBeingRead(lists, early.pages))];
    // An update saves all that the family had before it waits: never less offline after it.
    if (await olderHad("extras") || await olderHad("core")) parts.push(extrasPart(lists[0]));
    // What an older version had saved, this one saves before it waits (an update never leaves
    // the family with less offline); a language new to this phone, its first hour. Their lists
    // are asked for together.
    const kept = [];
    for (const locale of await localesToSave()) {
      const hadPages = await olderHad(pagesKind(locale));
      if (hadPages || first.includes(locale) || (await olderHad(firstKind(locale)))) {
        kept.push({ locale, hadPages });
      }
    }
    const keptLists = await Promise.all(kept.map(({ locale }) => loadPrecacheList(locale)));
    kept.forEach(({ locale, hadPages }, i) => {
      parts.push(firstPart(keptLists[i], locale));
      if (hadPages) parts.push(localePart(keptLists[i], locale));
    });
    for (const part of parts) part.early = early.bundles[part.kind];
    await saveAll(parts, STAGES.help);
  })());
  // No skipWaiting() here: an update waits for the family's consent (see "message").
});

self.addEventListener("activate", (event) => {
  const activated = (async () => {
    await deleteOutdatedCaches();
    await self.clients.claim();
  })();
  event.waitUntil(activated);
  // Not awaited by the activation: a page waits for an active worker, never for the library.
  // The pages ask for their language's library too (SAVE_LOCALE), which keeps the worker
  // alive while it saves; this saves the other languages to keep, English among them.
  activated.then(saveLibraries).catch(() => {});
});
