// Push: show the discreet notification the server sent (browsers require one for every push),
// and for an `updates` push also fetch the new version now, so its all-or-nothing precache is
// done before the family next opens Steady. An open page still asks before switching (see
// "message": the new worker waits for the family's consent).
const NOTIFICATION_TITLE = "Steady";

function readPush(event) {
  try {
    return (event.data && event.data.json()) || {};
  } catch (error) {
    return {};  // not JSON: still show a notification, with nothing from the payload
  }
}

self.addEventListener("push", (event) => {
  const data = readPush(event);
  const topic = data.topic === "check-in" ? "check-in" : "updates";
  // The title is always "Steady", whatever arrives: a lock screen must never say more.
  const shown = self.registration.showNotification(NOTIFICATION_TITLE, {
    body: typeof data.body === "string" ? data.body.slice(0, 200) : "",
    lang: typeof data.lang === "string" ? data.lang : "",
    dir: data.dir === "rtl" ? "rtl" : "ltr",
    icon: STEADY.notificationIcon,
    // A newer notification of the same topic replaces the older one in the tray.
    tag: `${PREFIX}-${topic}`,
    // Only one of our own pages may be opened from a notification, whatever the payload says.
    data: { url: safeRedirectTarget(data.url) },
  });
  const work = [shown];
  if (topic === "updates") {
    // A failed check leaves the saved copy as it is; the next visit checks again.
    work.push(self.registration.update().catch(() => {}));
  }
  event.waitUntil(Promise.all(work));
});

// Tapping opens the page in the family's language: an open Steady window goes there, else a
// new one opens.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const target = safeRedirectTarget((event.notification.data || {}).url);
  event.waitUntil((async () => {
    const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
    for (const client of windows) {
      if (new URL(client.url).origin !== self.location.origin) continue;
      const focused = await client.focus();
      // navigate() works only for a window this worker controls; else it stays where it is.
      if (focused.url !== new URL(target, self.location.origin).href) {
        await focused.navigate(target).catch(() => null);
      }
      return;
    }
    return self.clients.openWindow(target);
  })());
});
