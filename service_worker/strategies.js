// Serving, one strategy per function, named as Workbox names them. Saved pages are served
// cache first: they are versioned as a whole, so a refresh in the background could only change
// the page a parent is reading; changes arrive as a new version they agree to.
const NETWORK_TIMEOUT_MS = 4000;

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

async function networkWithTimeout(request) {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(), NETWORK_TIMEOUT_MS);
  try {
    return await fetch(request, { signal: controller.signal });
  } finally {
    clearTimeout(timer);
  }
}

// A page that is not saved: the same page without its query (the library filters itself in
// place; the crisis page falls back to its default country), an easy-read page's standard
// twin (Start here is saved once per language), else the offline page, which holds the
// crisis panel and the list of what is saved.
async function offlineFallback(url) {
  const page = splitPagePath(url.pathname) || { locale: GRAMMAR.sourceLocale, plain: false };
  const candidates = [
    url.pathname,
    ...(page.plain ? [pagePath(page.locale, false, page.rest)] : []),
    pagePath(page.locale, page.plain, "offline"),
    pagePath(page.locale, false, "offline"),
    pagePath(GRAMMAR.sourceLocale, false, "offline"),
  ];
  for (const candidate of candidates) {
    const response = await matchSaved(candidate);
    if (response) return response;
  }
  return new Response("You are offline and this page is not saved.", {
    status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" },
  });
}

async function cacheFirst(request, url) {
  const saved = await matchSaved(url.pathname + url.search);
  if (saved) return saved;
  try {
    return await networkWithTimeout(request);
  } catch (error) {
    if (request.mode === "navigate") return offlineFallback(url);
    return Response.error();
  }
}

// Where /settings may send the family: the root or one of our own pages, by the same pattern
// and the same reading of page addresses as the server (app/i18n/urls.py).
function safeRedirectTarget(target) {
  if (!new RegExp(GRAMMAR.redirectTarget).test(target || "")) return "/";
  const path = target.split("?")[0];
  return path === "/" || splitPagePath(path) ? target : "/";
}

// Choosing a language or reading mode goes through /settings, which sets a cookie and
// redirects. Offline, still go where the family asked to go.
async function settingsRedirect(request, url) {
  try {
    return await networkWithTimeout(request);
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
