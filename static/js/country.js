// Remember the country the family picked (in the list under the calls, on the crisis page or
// in Start here), on this device only, and follow it everywhere: every "get help" link, the
// calls on each page ([data-calls]: the top of every page, the thank-you page), the crisis
// line the steps name ([data-crisis-line]) and the crisis page itself. The stored pages are the same for everyone and assume no country;
// every country's buttons come with this language's script texts. Nothing is sent anywhere.
// Then each line's button says whether it answers now, worked out on the phone.
(function () {
  "use strict";
  var KEY = "steady-country";
  var texts = window.steadyTexts || {};
  var calls = texts.calls || {};
  var store = null;
  try { store = window.localStorage; } catch (error) { /* private mode: follow, not keep */ }

  function hasCalls(code) {
    return Object.prototype.hasOwnProperty.call(calls, code);
  }

  // No choice yet: the country of the browser's own languages (what it sends as
  // Accept-Language), one with this page's language first: "es-MX" on a Spanish page means
  // Mexico. Followed, not remembered: the family has not chosen it.
  function fromBrowserLanguage() {
    var page = document.documentElement.lang;
    var tags = (navigator.languages || [navigator.language]).map(function (tag) {
      return String(tag).toLowerCase().split("-");
    });
    var ordered = tags.filter(function (t) { return t[0] === page; })
      .concat(tags.filter(function (t) { return t[0] !== page; }));
    for (var i = 0; i < ordered.length; i++) {
      if (ordered[i][1] && ordered[i][1] !== "other" && hasCalls(ordered[i][1])) return ordered[i][1];
    }
    return null;
  }

  function remember(code) {
    try { if (store) store.setItem(KEY, code); } catch (error) { /* full or refused */ }
  }

  // A checklist names its country in its address; offline, the checklist for another
  // country may stand in for it (the worker's countryLessTwin): the address is what was chosen.
  var answered = document.querySelector("[data-chosen-country]");
  var inAddress = window.location.pathname.match(/\/start\/[^/]+\/([^/]+)\/[^/]+$/);
  var picked = answered ? (inAddress ? inAddress[1] : answered.getAttribute("data-chosen-country"))
    : new URLSearchParams(window.location.search).get("country");
  if (picked && (answered || hasCalls(picked))) remember(picked);

  // The crisis page opened without a country shows what works anywhere: the page of the
  // country followed replaces it (each is stored, and saved for offline).
  function openCrisisPageOf(code) {
    var link = document.querySelector("[data-country-form]");
    if (!link || picked) return false;
    var url = new URL(window.location.href);
    url.searchParams.set("country", code);
    window.location.replace(url.pathname + url.search + url.hash);
    return true;
  }

  function swapIn(selector, html) {
    document.querySelectorAll(selector).forEach(function (shown) {
      var parsed = document.createElement("template");
      parsed.innerHTML = html;  // rendered and escaped by the server, like the page
      shown.replaceChildren(parsed.content);
    });
  }

  function follow(code) {
    if (!hasCalls(code)) return;
    if (openCrisisPageOf(code)) return;
    document.querySelectorAll("[data-crisis-link]").forEach(function (link) {
      var url = new URL(link.href);
      url.searchParams.set("country", code);
      link.href = url.pathname + url.search + url.hash;
    });
    swapIn("[data-calls]", calls[code]);
    showServicesOf(code);
    // The crisis line the "stay close" step names: this country's, never another's.
    if (texts.crisisLines && texts.crisisLines[code] !== undefined) {
      swapIn("[data-crisis-line]", texts.crisisLines[code]);
    }
    var option = document.querySelector('[data-country-choice] [data-country="' + code + '"]');
    document.querySelectorAll("[data-country-choice]").forEach(function (choice) {
      var named = choice.querySelector("[data-country-named]");
      if (named && option && texts.numbersFor) {
        named.textContent = texts.numbersFor.replace("{country}", option.textContent);
        choice.querySelector(".country-change").textContent = texts.change;
      }
      choice.classList.remove("country-ask");
      choice.open = false;
    });
    showHours(document);
  }

  // Under steps that name another country's services (a guide's CyberTipline), the family's
  // own (components/elsewhere.html); for a country the steps name, the steps speak for
  // themselves. Every country's services come in one file a language, fetched only then.
  var services = null;  // the promise of every country's services (null inside: not come)

  function fetchServices(src) {
    if (!services) {
      services = fetch(src)
        .then(function (response) { return response.ok ? response.json() : null; })
        .catch(function () { return null; });
      // Not come (no signal and not saved, a captive portal's page): asked again next time.
      services.then(function (all) { if (!all) services = null; });
    }
    return services;
  }

  function showServicesOf(code) {
    document.querySelectorAll("[data-elsewhere]").forEach(function (box) {
      var shown = box.querySelector("[data-elsewhere-services]");
      // What the stored page says, put back whenever a country has nothing to show here.
      if (!box.steadyStored) box.steadyStored = shown.innerHTML;
      shown.innerHTML = box.steadyStored;
      box.hidden = box.getAttribute("data-steps-name").split(" ").indexOf(code) !== -1;
      box.setAttribute("data-showing", box.hidden ? "" : code);
      if (box.hidden) return;
      var kinds = box.getAttribute("data-elsewhere").split(" ");
      fetchServices(box.getAttribute("data-services")).then(function (all) {
        // Another country picked meanwhile: the box is that one's now.
        if (!all || !all[code] || box.getAttribute("data-showing") !== code) return;
        var parsed = document.createElement("template");
        parsed.innerHTML = all[code];  // rendered and escaped by the server, like the page
        var kept = 0;
        parsed.content.querySelectorAll("[data-kinds]").forEach(function (service) {
          var its = service.getAttribute("data-kinds").split(" ");
          if (its.some(function (kind) { return kinds.indexOf(kind) !== -1; })) kept += 1;
          else service.remove();
        });
        // Whose services the box now reflects, even where it lists none of these kinds there
        // and the link to all of them stays.
        box.setAttribute("data-answered", code);
        if (!kept) return;
        shown.replaceChildren(parsed.content);
        showHours(box);
      });
    });
  }

  // Picking a country in the list under the calls puts its calls up in place, on any page
  // but the ones made for one country (the crisis page, a checklist), where the link opens
  // that country's page. In the capture phase: before quick-exit.js, which turns every move
  // inside Steady not already handled into a replacement of the address.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-country-choice] [data-country]");
    if (!link || document.querySelector("[data-country-form], [data-chosen-country]")) return;
    event.preventDefault();
    remember(link.getAttribute("data-country"));
    follow(link.getAttribute("data-country"));
  }, true);

  // ---- Whether a line answers now, offline: its weekly spans ("day opens closes", minutes
  // after local midnight, Monday 0) read in its own time zone. The same rule as
  // app/content/hours.py Hours.is_open; a span may close past 1440, into the next day.
  var DAY = 1440;
  var WEEKDAYS = { Mon: 0, Tue: 1, Wed: 2, Thu: 3, Fri: 4, Sat: 5, Sun: 6 };

  function localNow(timeZone, now) {
    var parts = {};
    new Intl.DateTimeFormat("en-GB", {
      timeZone: timeZone, weekday: "short", hour: "2-digit", minute: "2-digit", hourCycle: "h23"
    }).formatToParts(now).forEach(function (part) { parts[part.type] = part.value; });
    return WEEKDAYS[parts.weekday] * DAY + (Number(parts.hour) % 24) * 60 + Number(parts.minute);
  }

  // Minutes of the week (from Monday 00:00) each span is open, shifted to cover the one
  // before the week's start that runs into it.
  function weekSpans(hours) {
    var spans = [];
    hours.split(",").forEach(function (span) {
      var p = span.split(" ").map(Number);
      var start = p[0] * DAY + p[1], end = p[0] * DAY + p[2];
      spans.push([start, end], [start - 7 * DAY, end - 7 * DAY], [start + 7 * DAY, end + 7 * DAY]);
    });
    return spans;
  }

  // null when open now, else the minute of the week it opens next (may be next week's).
  function nextOpening(hours, minute) {
    var next = null;
    var spans = weekSpans(hours);
    for (var i = 0; i < spans.length; i++) {
      if (spans[i][0] <= minute && minute < spans[i][1]) return null;
      if (spans[i][0] > minute && (next === null || spans[i][0] < next)) next = spans[i][0];
    }
    return next;
  }

  function status(hours, timeZone, now) {
    if (hours === "24/7") return null;  // the page says so already: open 24 hours
    var minute = localNow(timeZone, now);
    var opens = nextOpening(hours, minute);
    if (opens === null) return texts.hours.open;
    var inDay = ((opens % DAY) + DAY) % DAY;
    var clock = new Date(Date.UTC(2026, 0, 5, Math.floor(inDay / 60), inDay % 60));
    var lang = document.documentElement.lang + "-u-nu-latn";
    var time = clock.toLocaleTimeString(lang, { timeZone: "UTC", hour: "numeric", minute: "2-digit" });
    if (opens - minute < DAY && Math.floor(opens / DAY) === Math.floor(minute / DAY) ||
        opens - minute < 12 * 60) {
      return texts.hours.opensAt.replace("{time}", time);
    }
    // 2026-01-05 was a Monday: its weekday name in the page's language.
    var day = new Date(Date.UTC(2026, 0, 5 + ((Math.floor(opens / DAY) % 7) + 7) % 7, 12))
      .toLocaleDateString(lang, { timeZone: "UTC", weekday: "long" });
    return texts.hours.opensOn.replace("{day}", day).replace("{time}", time);
  }

  function showHours(root) {
    if (!texts.hours || !window.Intl) return;
    var now = new Date();
    root.querySelectorAll("[data-hours]").forEach(function (line) {
      var shown = line.querySelector("[data-line-status]");
      if (!shown) return;
      try {
        var said = status(line.getAttribute("data-hours"),
          line.getAttribute("data-time-zone") || "UTC", now);
        if (said) shown.textContent = said;
        // A closed main line gives its place to the line open day and night after it.
        var item = line.parentElement;
        var after = item.nextElementSibling;
        if (said && said !== texts.hours.open && after &&
            after.querySelector('[data-hours="24/7"]')) {
          item.parentElement.insertBefore(after, item);
        }
      } catch (error) { /* an unknown zone in an old browser: say nothing rather than guess */ }
    });
  }

  var saved = null;
  try { saved = store && store.getItem(KEY); } catch (error) { /* refused */ }
  var followed = saved || fromBrowserLanguage();
  if (followed) follow(followed); else showHours(document);
})();
