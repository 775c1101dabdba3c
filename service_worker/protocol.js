// What the pages and the service worker say to each other, written once. This file is joined
// first into /sw.js (app/delivery/worker.py) and into the script every page runs
// (app/web/assets.py), so the two sides cannot drift apart; contact.js and
// notifications.js, loaded after that script, read it from the page. A `var`, not a `const`:
// the every-page script is a classic script, and the pages read it as window.STEADY_PROTOCOL.
var STEADY_PROTOCOL = {
  // The worker's address, as the server serves it (WORKER_URL in app/delivery/worker.py), and
  // its scope: the root, so it may control every page.
  workerUrl: "/sw.js",
  workerScope: "/",
  // What a page asks of the worker (event.data.type in the worker).
  asks: {
    skipWaiting: "SKIP_WAITING",
    status: "STATUS",
    saveLocale: "SAVE_LOCALE",
    outboxAdd: "OUTBOX_ADD",
    outboxSend: "OUTBOX_SEND",
    outboxList: "OUTBOX_LIST",
    outboxDelete: "OUTBOX_DELETE",
  },
  // What the worker tells the pages (event.data.type in the page).
  tells: {
    progress: "progress",
    saved: "saved",
    failed: "failed",
    status: "status",
    outbox: "outbox",
  },
  // Which stage of saving a progress, saved or failed message is about (event.data.stage): the
  // help of the first hour, which activates the worker, or the rest of a language after it.
  stages: {
    help: "help",
    library: "library",
  },
  // What happened to a message in the outbox (event.data.event of an "outbox" message). A kept
  // message's state is the name of the event that left it so: waiting or refused.
  outbox: {
    queued: "queued",
    waiting: "waiting",
    sent: "sent",
    refused: "refused",
    deleted: "deleted",
    list: "list",
  },
  // Why the worker refused a message itself, before any server saw it (entry.reason). The page
  // says it in the family's language; a refusal by the server comes with its own words.
  refusals: {
    outboxFull: "outbox-full",
  },
};
