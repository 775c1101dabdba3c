// The outbox: messages written on this phone, kept in IndexedDB until the server acknowledges
// them, in the manner of Workbox's background-sync Queue. Each carries the idempotency key it
// was given when written, so however often it is sent (a retry after a lost answer, two
// triggers at once) the server stores it once. It is deleted here only after a 2xx.
//
// Sent on Background Sync where the browser has it; elsewhere (Safari, Firefox) when this
// worker starts, when a page says the browser came online, and when any Steady page opens.
const OUTBOX_SYNC_TAG = `${PREFIX}-outbox`;
const OUTBOX = STEADY_PROTOCOL.outbox;
// A phone keeps at most this much, however a page misbehaves: enough for any family (one
// message at the longest the server takes, in the widest characters, is some 60 KB), and a
// bound on what an outbox that can never send (a server gone for good) may grow to. A message
// past it is refused, and the page says why; nothing is dropped without a word.
const OUTBOX_MOST_MESSAGES = 50;
const OUTBOX_MOST_BYTES = 1024 * 1024;

class Outbox {
  constructor(name) {
    this.name = name;
    this.replaying = null;
  }

  open() {
    return new Promise((resolve, reject) => {
      const request = indexedDB.open(this.name, 1);
      request.onupgradeneeded = () => request.result.createObjectStore("messages", { keyPath: "id" });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => reject(request.error);
    });
  }

  async transaction(mode, work) {
    const db = await this.open();
    try {
      return await new Promise((resolve, reject) => {
        const tx = db.transaction("messages", mode);
        const request = work(tx.objectStore("messages"));
        // Resolved on complete, not on the request's success: only then is the write durable.
        tx.oncomplete = () => resolve(request && request.result);
        tx.onerror = tx.onabort = () => reject(tx.error);
      });
    } finally {
      db.close();
    }
  }

  put(entry) { return this.transaction("readwrite", (store) => store.put(entry)); }
  delete(id) { return this.transaction("readwrite", (store) => store.delete(id)); }
  async entries() {
    const all = await this.transaction("readonly", (store) => store.getAll());
    return (all || []).sort((a, b) => a.createdAt.localeCompare(b.createdAt));
  }

  // Kept as waiting if there is room; false if the outbox is full. Counted and written in one
  // transaction: two messages added at once cannot both take the last place.
  async add(entry) {
    let added = false;
    await this.transaction("readwrite", (store) => {
      const kept = store.getAll();
      kept.onsuccess = () => {
        added = hasRoom(kept.result);
        if (added) store.put({ ...entry, state: OUTBOX.waiting });
      };
    });
    return added;
  }

  // One replay at a time: a second trigger while one runs waits for it rather than sending
  // the same messages again beside it.
  replay() {
    if (!this.replaying) {
      this.replaying = this.sendWaiting().finally(() => { this.replaying = null; });
    }
    return this.replaying;
  }

  // Resolves true only when nothing is left waiting; Background Sync is told to try again
  // otherwise. A message added while a pass runs is not in that pass's list, and its own
  // trigger joined this replay rather than starting one: so passes go on until one finds no
  // waiting message it has not tried. Workbox's Queue guards the same race
  // (_requestsAddedDuringSync).
  async sendWaiting() {
    const tried = new Set();
    let allSent = true;
    for (;;) {
      const untried = (await this.entries()).filter(
        (entry) => entry.state === OUTBOX.waiting && !tried.has(entry.id));
      if (untried.length === 0) return allSent;
      for (const entry of untried) {
        tried.add(entry.id);
        if ((await this.send(entry)) === OUTBOX.waiting) allSent = false;
      }
    }
  }

  // What each answer means, in one place: 2xx stored (new or a repeat), so forget it here;
  // 429 and 5xx or no answer, try later; any other 4xx, the family must change something.
  async send(entry) {
    let response;
    try {
      response = await fetch(entry.url, {
        method: "POST",
        body: entry.body,
        headers: {
          "Content-Type": "application/x-www-form-urlencoded",
          "Idempotency-Key": entry.id,
          Accept: "application/json",
        },
        credentials: "omit", // the form uses no cookies, so none are sent with it
        cache: "no-store",
      });
    } catch (error) {
      await this.tell(OUTBOX.waiting, entry);
      return OUTBOX.waiting;
    }
    if (response.ok) {
      const answer = await response.json().catch(() => ({}));
      await this.delete(entry.id);
      await this.tell(OUTBOX.sent, entry, { thanks: answer.thanks });
      return OUTBOX.sent;
    }
    if (response.status === 429 || response.status >= 500) {
      await this.tell(OUTBOX.waiting, entry);
      return OUTBOX.waiting;
    }
    const answer = await response.json().catch(() => ({}));
    const refused = { ...entry, state: OUTBOX.refused, errors: answer.errors || null, error: answer.error || null };
    await this.put(refused);
    await this.tell(OUTBOX.refused, refused);
    return OUTBOX.refused;
  }

  async tell(event, entry, extra = {}) {
    await broadcast({ type: TELLS.outbox, event, id: entry.id, entry, entries: await this.entries(), ...extra });
  }
}

// Every message kept counts, waiting or refused: a refused one stays until the family fixes or
// deletes it. A body is form-encoded, so its length is its size in bytes.
function hasRoom(kept) {
  const bytes = kept.reduce((sum, entry) => sum + (entry.body || "").length, 0);
  return kept.length < OUTBOX_MOST_MESSAGES && bytes < OUTBOX_MOST_BYTES;
}

const outbox = new Outbox(`${PREFIX}-outbox`);

async function requestSync() {
  if (self.registration.sync) {
    try {
      await self.registration.sync.register(OUTBOX_SYNC_TAG);
      return;
    } catch (error) {
      // Background Sync may be refused (permissions, private mode): the other triggers remain.
    }
  }
}

async function addToOutbox(entry) {
  if (!(await outbox.add(entry))) {
    const refused = { ...entry, state: OUTBOX.refused, reason: STEADY_PROTOCOL.refusals.outboxFull };
    await outbox.tell(OUTBOX.refused, refused);
    return;
  }
  await outbox.tell(OUTBOX.queued, entry);
  await requestSync();
  await outbox.replay();
}

self.addEventListener("sync", (event) => {
  if (event.tag !== OUTBOX_SYNC_TAG) return;
  event.waitUntil(outbox.replay().then((allSent) => {
    // A rejected sync is retried by the browser later, with its own back-off.
    if (!allSent) throw new Error("messages still waiting to be sent");
  }));
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  if (data.type === ASKS.outboxAdd && data.entry) {
    event.waitUntil(addToOutbox(data.entry));
  } else if (data.type === ASKS.outboxSend) {
    event.waitUntil(outbox.replay());
  } else if (data.type === ASKS.outboxList) {
    event.waitUntil(outbox.entries().then((entries) =>
      event.source.postMessage({ type: TELLS.outbox, event: OUTBOX.list, entries })));
  } else if (data.type === ASKS.outboxDelete) {
    event.waitUntil(outbox.delete(data.id).then(() => outbox.tell(OUTBOX.deleted, { id: data.id })));
  }
});

// The worker starting (after the browser stopped it, or on a new visit) is a trigger too.
outbox.replay().catch(() => {});
