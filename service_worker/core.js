// Steady's service worker: every case study and the crisis help, saved for use with no signal.
//
// This file is joined with the others in service_worker/ into the one /sw.js by the build
// (app/delivery/worker.py), after a first line that defines STEADY: the version, the address
// of each language's precache list and the grammar of page addresses, all computed by the
// server, and after protocol.js, the names the pages use too. Any change to any saved page or
// asset is a new version, which the browser installs beside the old one; the new version waits
// until the family taps "Update".
"use strict";

const VERSION = STEADY.version;
const GRAMMAR = STEADY.grammar;
const ASKS = STEADY_PROTOCOL.asks;
const TELLS = STEADY_PROTOCOL.tells;
const STAGES = STEADY_PROTOCOL.stages;
const PREFIX = "steady";
const CORE_CACHE = `${PREFIX}-core-${VERSION}`;
// Written last into each cache: a cache without it was never completed.
const COMPLETE_MARKER = "/__steady/complete";

// The kinds of cache, one per stage (service_worker/precache.js, app/delivery/precache.py).
function firstKind(locale) {
  return `first-${locale}`;
}

function pagesKind(locale) {
  return `pages-${locale}`;
}

function cacheFor(kind) {
  return `${PREFIX}-${kind}-${VERSION}`;
}

// The list of what to save for one language (app/delivery/worker.py).
function precacheUrl(locale) {
  return STEADY.precacheUrl.replace("{locale}", locale);
}

// The bundle of one stage: its files joined, for a first visit (app/delivery/bundle.py).
function bundleUrl(kind) {
  return STEADY.bundleUrl.replace("{kind}", kind);
}

// The language whose pages a cache holds, whatever its version and stage; null for any other.
function localeOfCache(name) {
  const match = name.match(new RegExp(`^${PREFIX}-(?:first|pages)-([^-]+)-`));
  return match ? match[1] : null;
}

function isOwnCache(name) {
  return name.startsWith(`${PREFIX}-`) && name.endsWith(`-${VERSION}`);
}

// A page address read as the server reads it (app/i18n/urls.py): /<locale>/[plain/]<rest>.
function splitPagePath(pathname) {
  const segments = pathname.replace(/^\/+/, "").split("/");
  if (!GRAMMAR.locales.includes(segments[0])) return null;
  const plain = segments.length > 1 && segments[1] === GRAMMAR.plainSegment;
  return { locale: segments[0], plain, rest: segments.slice(plain ? 2 : 1).join("/") };
}

function pagePath(locale, plain, rest) {
  return `/${locale}/${plain ? `${GRAMMAR.plainSegment}/` : ""}${rest}`;
}

// Telling the pages how saving goes (they may not be controlled by us yet).
async function broadcast(message) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  for (const client of windows) client.postMessage({ version: VERSION, ...message });
}
