// Serving, one strategy per function, named as Workbox names them. Saved pages are served
// cache first: they are versioned as a whole, so a refresh in the background could only change
// the page a parent is reading; changes arrive as a new version they agree to.
//
// How long a weak signal is given before a saved stand-in is shown instead. Only where one is
// saved: with nothing to show instead, a slow answer is still the page the family asked for.
const NETWORK_TIMEOUT_MS = 4000;
// With nothing saved to show instead, the network is given far longer (this is the time to
// the first byte, not to the whole page): only a connection that swallows what is sent
// (a captive portal, a dead link) takes this long, and it may not fail on its own for minutes,
// while the offline page has the crisis contacts.
const NETWORK_GIVE_UP_MS = 30000;
// The page (in each language) that says what is saved when the one asked for is not.
const OFFLINE_PAGE = "offline";

// Where each saved URL is, read once from the complete markers of this version's caches: every
// page and every file a page loads is looked up here, and each call to the Cache API is a trip
// to the browser's storage, so a lookup is one match in the one cache holding it. Forgotten when
// a cache of ours is completed or deleted (forgetSavedCaches). A stage still being saved, or cut
// short, has no marker and is never read: a half-saved stage is never used.
let savedCaches = null;

function forgetSavedCaches() {
  savedCaches = null;
}

function savedIndex() {
  savedCaches = savedCaches || (async () => {
    const byUrl = new Map();
    for (const name of (await caches.keys()).filter(isOwnCache)) {
      const cache = await caches.open(name);
      const marker = await cache.match(COMPLETE_MARKER);
      if (!marker) continue;
      for (const url of Object.keys((await marker.json()).revisions)) {
        if (!byUrl.has(url)) byUrl.set(url, cache);
      }
    }
    return byUrl;
  })();
  savedCaches.catch(forgetSavedCaches);
  return savedCaches;
}

async function matchSaved(url) {
  const cache = (await savedIndex()).get(url);
  return (cache && (await cache.match(url))) || null;
}

async function networkWithTimeout(request, timeoutMs) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), timeoutMs);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// A page of Start here for a country, opened before its country's pages are saved: the same
// page for another country (app/views/start.py), or null for any other page.
function countryLessTwin(locale, rest) {
  const twin = STEADY.countryLessTwin;
  const pattern = new RegExp(twin.pattern);
  return pattern.test(rest) ? pagePath(locale, false, rest.replace(pattern, twin.replacement)) : null;
}

// A page that is not saved: the same page without its query (the library filters itself in
// place; the crisis page falls back to "another country"), an easy-read page's standard
// twin (Start here is saved once per language), a country's page of Start here's twin for
// another country (saved first, before every country's), else the offline page, which holds
// the crisis panel and the list of what is saved.
async function offlineFallback(url) {
  const page = splitPagePath(url.pathname) || { locale: GRAMMAR.sourceLocale, plain: false };
  const twin = page.rest === undefined ? null : countryLessTwin(page.locale, page.rest);
  const candidates = [
    url.pathname,
    ...(page.plain ? [pagePath(page.locale, false, page.rest)] : []),
    ...(twin ? [twin] : []),
    pagePath(page.locale, page.plain, OFFLINE_PAGE),
    pagePath(page.locale, false, OFFLINE_PAGE),
    pagePath(GRAMMAR.sourceLocale, false, OFFLINE_PAGE),
  ];
  for (const candidate of candidates) {
    const response = await matchSaved(candidate);
    if (response) return response;
  }
  return new Response("You are offline and this page is not saved.", {
    status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

// Not saved: from the network. Where the same page without its query, or a Start here page's
// twin for another country, is saved, it stands in after NETWORK_TIMEOUT_MS. Otherwise (a
// language not saved yet, an easy-read page saved only in its standard form) the network is
// waited for, as Workbox's NetworkFirst does with nothing cached: a slow answer is shown, and
// a failed fetch leads to the offline page.
async function cacheFirst(request, url) {
  const saved = await matchSaved(url.pathname + url.search);
  if (saved) return saved;
  const page = splitPagePath(url.pathname);
  const twin = page && countryLessTwin(page.locale, page.rest);
  const standIn =
    (url.search && (await matchSaved(url.pathname))) || (twin && (await matchSaved(twin)));
  try {
    return await networkWithTimeout(request, standIn ? NETWORK_TIMEOUT_MS : NETWORK_GIVE_UP_MS);
  } catch (error) {
    if (request.mode === "navigate") return offlineFallback(url);
    return Response.error();
  }
}

// Where the family may be sent (by /settings offline, by a notification): the root or one of
// our own pages, by the same pattern and the same reading of page addresses as the server
// (app/i18n/urls.py). A push payload is JSON, so the target may not even be a string.
function safeRedirectTarget(target) {
  if (typeof target !== "string" || !new RegExp(GRAMMAR.redirectTarget).test(target)) return "/";
  const path = target.split("?")[0];
  return path === "/" || splitPagePath(path) ? target : "/";
}

// Choosing a language or reading mode goes through /settings, which sets a cookie and
// redirects. Offline, still go where the family asked to go; on a weak signal too, after the
// timeout: the redirect always stands in, and the language is in the address it goes to.
async function settingsRedirect(request, url) {
  try {
    return await networkWithTimeout(request, NETWORK_TIMEOUT_MS);
  } catch (error) {
    const next = safeRedirectTarget(url.searchParams.get("next"));
    return Response.redirect(new URL(next, self.location.origin).href, 303);
  }
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  // Never cache or answer for another origin: the browser handles those itself.
  if (url.origin !== self.location.origin || url.pathname === STEADY_PROTOCOL.workerUrl) return;
  // The staff inbox is only ever read from the network: nothing private enters a cache.
  if (STEADY.private.some((prefix) => url.pathname === prefix.slice(0, -1) || url.pathname.startsWith(prefix))) return;
  event.respondWith(url.pathname === "/settings" ? settingsRedirect(request, url) : cacheFirst(request, url));
});
