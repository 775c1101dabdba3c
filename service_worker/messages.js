// Messages from the pages: how saving stands, saving another language, and the consented update.
async function status(client, locale) {
  const list = await loadPrecacheList().catch(() => null);
  const cacheName = locale && list && list.locales[locale] ? pagesCache(locale) : CORE_CACHE;
  const keys = await caches.keys();
  let savedAt = null;
  if (keys.includes(cacheName) && keys.includes(CORE_CACHE)) {
    const marker = await (await caches.open(cacheName)).match(COMPLETE_MARKER);
    if (marker) savedAt = (await marker.json()).savedAt;
  }
  client.postMessage({ type: TELLS.status, version: VERSION, locale, savedAt });
}

async function saveLocale(locale) {
  const list = await loadPrecacheList();
  if (!list.locales[locale]) return;
  const marker = await (await caches.open(pagesCache(locale))).match(COMPLETE_MARKER);
  if (marker) return;
  await saveAll([localePart(list, locale)]);
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
