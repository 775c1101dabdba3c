// Messages from the pages: how saving stands, saving another language, and the consented update.
async function savedAtOf(cacheName) {
  if (!(await caches.has(cacheName))) return null;
  const marker = await (await caches.open(cacheName)).match(COMPLETE_MARKER);
  return marker ? (await marker.json()).savedAt : null;
}

// Both stages of a language: savedAt once all of it is saved, helpSavedAt once its crisis
// help and Start here are (nothing counts without the core, which every page needs).
async function status(client, locale) {
  const core = await savedAtOf(CORE_CACHE);
  let savedAt = core;
  let helpSavedAt = core;
  if (core && GRAMMAR.locales.includes(locale)) {
    helpSavedAt = await savedAtOf(cacheFor(firstKind(locale)));
    const [pages, extras] = await Promise.all([pagesKind(locale), "extras"].map((kind) => savedAtOf(cacheFor(kind))));
    savedAt = helpSavedAt && pages && extras ? pages : null;
  }
  client.postMessage({ type: TELLS.status, version: VERSION, locale, savedAt, helpSavedAt });
}

async function saveLocale(locale) {
  if (GRAMMAR.locales.includes(locale)) await saveLibrary(locale);
}

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === ASKS.skipWaiting) {
    self.skipWaiting();
  } else if (data.type === ASKS.status) {
    event.waitUntil(status(event.source, data.locale));
  } else if (data.type === ASKS.saveLocale) {
    event.waitUntil(saveLocale(data.locale).catch(() => {}));
  }
});
