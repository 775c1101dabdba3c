// The record page: the family writes the accounts, what happened, payments and reports; this
// script keeps them on the phone (record-store.js), shows them with the dates written out in
// the page's language, prints them, gives them as plain text, locks, opens and deletes them.
// Every word it shows comes from the page (data- attributes and the form's own labels), so it
// is translated with the page. It sends nothing: no fetch, no form post (no field has a name).
(function () {
  "use strict";
  var root = document.querySelector("[data-record]");
  var store = window.steadyRecordStore;
  var needsScript = document.querySelector("[data-record-needs-script]");
  if (!root || !store) return;
  var said = root.dataset;
  if (!store.available()) {
    needsScript.querySelector("p").textContent = said.unavailable;
    return;
  }
  needsScript.hidden = true;
  root.hidden = false;

  var locale = document.documentElement.lang;
  var PARTS = ["accounts", "timeline", "payments", "reports"];
  var status = root.querySelector("[data-record-status]");
  var summary = document.querySelector("[data-error-summary]");
  var errorList = summary.querySelector("[data-error-list]");
  var body = root.querySelector("[data-record-body]");
  var panes = {
    offer: root.querySelector("[data-lock-offer]"),
    unlock: root.querySelector("[data-unlock]"),
    open: root.querySelector("[data-lock-open]"),
  };
  var textCopy = root.querySelector("[data-record-text]");

  var entries = emptyRecord();
  var lock = null;     // the key of a locked record while it is open on this page
  var sealed = null;   // the locked record as kept, while it is closed

  function emptyRecord() {
    var record = {};
    PARTS.forEach(function (part) { record[part] = []; });
    return record;
  }

  function say(text) {
    status.textContent = text;
  }

  // ------------------------------------------------------------------ what each part holds

  function formOf(part) {
    return root.querySelector('[data-entry-form="' + part + '"]');
  }

  // Each field of a part: its key, its label as the form shows it, and its kind (for dates).
  function fieldsOf(part) {
    return Array.prototype.map.call(formOf(part).querySelectorAll("[data-field]"), function (input) {
      var label = root.querySelector('label[for="' + input.id + '"]');
      return { key: input.dataset.field, input: input, kind: input.dataset.kind || "text",
               label: label.firstChild.textContent.trim() };
    });
  }

  // "2026-12-01" or "2026-12-01T14:30" as the family typed them, read as their own local time.
  function writtenOut(value, kind) {
    var numbers = value.split(/[-T:]/).map(Number);
    if (numbers.length < 3 || numbers.some(isNaN)) return value;
    var date = new Date(numbers[0], numbers[1] - 1, numbers[2], numbers[3] || 0, numbers[4] || 0);
    var style = kind === "datetime" ? { dateStyle: "long", timeStyle: "short" } : { dateStyle: "long" };
    return new Intl.DateTimeFormat(locale, style).format(date);
  }

  function shown(field, value) {
    return field.kind === "date" || field.kind === "datetime" ? writtenOut(value, field.kind) : value;
  }

  // ------------------------------------------------------------------ showing the record

  function element(name, className, text) {
    var made = document.createElement(name);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = text;
    return made;
  }

  // The entries' places in the order they are shown: the timeline by its date and time (as
  // typed, "2026-11-29T21:40" sorts as it reads), those without one last, as written.
  function inOrder(part) {
    var places = entries[part].map(function (entry, index) { return index; });
    if (part !== "timeline") return places;
    return places.sort(function (a, b) {
      var first = entries[part][a].when || "\uffff";
      var second = entries[part][b].when || "\uffff";
      return first < second ? -1 : first > second ? 1 : a - b;
    });
  }

  function renderPart(part) {
    var list = root.querySelector('[data-entries="' + part + '"]');
    var fields = fieldsOf(part);
    list.replaceChildren();
    if (!entries[part].length) {
      list.appendChild(element("li", "record-empty", said.nothing));
      return;
    }
    inOrder(part).forEach(function (index, place) {
      var entry = entries[part][index];
      var item = element("li", "record-entry");
      var details = element("dl");
      fields.forEach(function (field) {
        if (!entry[field.key]) return;
        var row = element("div");
        row.appendChild(element("dt", "", field.label));
        var value = element("dd", "", shown(field, entry[field.key]));
        value.dir = "auto";
        row.appendChild(value);
        details.appendChild(row);
      });
      item.appendChild(details);
      var remove = element("button", "button button-secondary record-remove", said.remove);
      remove.type = "button";
      remove.appendChild(element("span", "visually-hidden", ": " + list.dataset.entryName + " " + (place + 1)));
      remove.addEventListener("click", function () { removeEntry(part, index); });
      item.appendChild(remove);
      list.appendChild(item);
    });
  }

  function plainText() {
    var lines = [document.querySelector("h1").textContent.trim(), ""];
    PARTS.forEach(function (part) {
      lines.push(document.getElementById(part + "-title").textContent.trim());
      var fields = fieldsOf(part);
      if (!entries[part].length) lines.push("  " + said.nothing);
      inOrder(part).forEach(function (index, place) {
        var entry = entries[part][index];
        fields.filter(function (field) { return entry[field.key]; }).forEach(function (field, n) {
          var lead = n === 0 ? (place + 1) + ". " : "   ";
          lines.push(lead + field.label + ": " + shown(field, entry[field.key]));
        });
      });
      lines.push("");
    });
    return lines.join("\n");
  }

  function render() {
    PARTS.forEach(renderPart);
    textCopy.value = plainText();
    var today = new Intl.DateTimeFormat(locale, { dateStyle: "long" }).format(new Date());
    root.querySelector("[data-printed-line]").textContent = said.printed.replace("{date}", today);
  }

  // Which of open (no lock), unlock (locked and closed) and open-with-lock the page shows. A
  // closed record shows nothing of itself: not even how many entries it holds.
  function show(mode) {
    panes.offer.hidden = mode !== "plain";
    panes.unlock.hidden = mode !== "closed";
    panes.open.hidden = mode !== "unlocked";
    body.hidden = mode === "closed";
    if (mode === "closed") {
      entries = emptyRecord();
      lock = null;
    }
    render();
  }

  function load() {
    return store.kept().then(function (value) {
      sealed = value && value.sealed ? value.sealed : null;
      entries = value && value.open ? value.open : emptyRecord();
      show(sealed ? "closed" : "plain");
    });
  }

  // A browser that cannot keep it (storage full or refused) says so; what was typed stays in
  // the form, as the steps after a save never run.
  function save(message) {
    return store.save(entries, lock).then(function () {
      render();
      say(message || said.saved);
    }, function (error) {
      say(said.unavailable);
      throw error;
    });
  }

  // ------------------------------------------------------------------ problems, as the contact form

  function clearErrors() {
    summary.hidden = true;
    errorList.replaceChildren();
    root.querySelectorAll(".field-error").forEach(function (field) { field.classList.remove("field-error"); });
    root.querySelectorAll("[data-error-message]").forEach(function (message) { message.remove(); });
    root.querySelectorAll("[aria-invalid]").forEach(function (input) {
      input.removeAttribute("aria-invalid");
      var described = (input.getAttribute("aria-describedby") || "").replace(input.id + "-error", "").trim();
      if (described) input.setAttribute("aria-describedby", described);
      else input.removeAttribute("aria-describedby");
    });
  }

  function showError(input, text) {
    clearErrors();
    var field = input.closest(".field");
    field.classList.add("field-error");
    var message = element("p", "error-message");
    message.id = input.id + "-error";
    message.setAttribute("data-error-message", "");
    message.appendChild(element("span", "visually-hidden", said.errorPrefix));
    message.appendChild(document.createTextNode(" " + text));
    field.insertBefore(message, input);
    input.setAttribute("aria-invalid", "true");
    input.setAttribute("aria-describedby",
      ((input.getAttribute("aria-describedby") || "") + " " + message.id).trim());
    var link = element("a", "", text);
    link.href = "#" + input.id;
    var item = element("li");
    item.appendChild(link);
    errorList.appendChild(item);
    summary.hidden = false;
    summary.focus();
  }

  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) return;
    event.preventDefault();  // no history entry: quick-exit.js keeps one
    var input = document.getElementById(link.getAttribute("href").slice(1));
    if (input) input.focus();
  });

  // ------------------------------------------------------------------ writing

  function addEntry(part) {
    var form = formOf(part);
    var fields = fieldsOf(part);
    var needed = form.querySelector("[data-required]");
    if (!needed.value.trim()) return showError(needed, form.dataset.needed);
    clearErrors();
    var entry = {};
    fields.forEach(function (field) {
      var value = field.input.value.trim();
      if (value) entry[field.key] = value;
    });
    entries[part].push(entry);
    save().then(function () {
      form.reset();
      fields[0].input.focus();
    });
  }

  function removeEntry(part, index) {
    entries[part].splice(index, 1);
    save(said.removed).then(function () {
      document.getElementById(part + "-title").focus();
    });
  }

  PARTS.forEach(function (part) {
    document.getElementById(part + "-title").tabIndex = -1;
    formOf(part).addEventListener("submit", function (event) {
      event.preventDefault();
      addEntry(part);
    });
  });

  // ------------------------------------------------------------------ the lock

  var lockForm = root.querySelector("[data-lock-form]");
  lockForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var passphrase = lockForm.querySelector("#lock-passphrase");
    var repeat = lockForm.querySelector("#lock-repeat");
    if (passphrase.value.length < 8) return showError(passphrase, said.passphraseShort);
    if (repeat.value !== passphrase.value) return showError(repeat, said.passphraseMismatch);
    clearErrors();
    store.newLock(passphrase.value).then(function (made) {
      lock = made;
      lockForm.reset();
      return save(said.locked);
    }).then(function () {
      show("unlocked");
    });
  });

  var unlockForm = root.querySelector("[data-unlock-form]");
  unlockForm.addEventListener("submit", function (event) {
    event.preventDefault();
    var passphrase = unlockForm.querySelector("#unlock-passphrase");
    if (!passphrase.value) return showError(passphrase, said.passphraseEmpty);
    store.unlock(sealed, passphrase.value).then(function (opened) {
      clearErrors();
      unlockForm.reset();
      entries = opened.entries;
      lock = opened.lock;
      show("unlocked");
      say(said.opened);
    }, function (error) {
      unlockForm.reset();
      if (error.name !== "WrongPassphrase") throw error;
      showError(passphrase, said.wrongPassphrase);
    });
  });

  root.querySelector("[data-close-record]").addEventListener("click", function () {
    load().then(function () { say(said.closed); });
  });

  root.querySelector("[data-remove-lock]").addEventListener("click", function () {
    lock = null;
    sealed = null;
    save(said.lockRemoved).then(function () { show("plain"); });
  });

  // ------------------------------------------------------------------ handing it over

  root.querySelector("[data-print]").addEventListener("click", function () { window.print(); });

  root.querySelector("[data-copy]").addEventListener("click", function () {
    var copied = navigator.clipboard && navigator.clipboard.writeText
      ? navigator.clipboard.writeText(textCopy.value)
      : Promise.reject(new Error("no clipboard"));
    copied.catch(function () {
      textCopy.select();
      document.execCommand("copy");
    }).then(function () { say(said.copied); });
  });

  // ------------------------------------------------------------------ deleting, after one "yes"

  var ask = root.querySelector("[data-delete-ask]");
  var confirm = root.querySelector("[data-delete-confirm]");
  ask.addEventListener("click", function () {
    ask.hidden = true;
    confirm.hidden = false;
    confirm.querySelector("[data-delete-no]").focus();
  });
  confirm.querySelector("[data-delete-no]").addEventListener("click", function () {
    confirm.hidden = true;
    ask.hidden = false;
    ask.focus();
  });
  confirm.querySelector("[data-delete-yes]").addEventListener("click", function () {
    store.erase().then(function () {
      entries = emptyRecord();
      lock = null;
      sealed = null;
      clearErrors();
      root.querySelectorAll("form").forEach(function (form) { form.reset(); });
      confirm.hidden = true;
      ask.hidden = false;
      show("plain");
      say(said.deleted);
      ask.focus();
    });
  });

  // ------------------------------------------------------------------ leaving the page

  // Leaving (quick exit among the ways) takes the record off the page and forgets the key, so
  // a page brought back by Back from the browser's memory shows nothing until it is read again.
  window.addEventListener("pagehide", function () {
    entries = emptyRecord();
    lock = null;
    PARTS.forEach(function (part) { root.querySelector('[data-entries="' + part + '"]').replaceChildren(); });
    textCopy.value = "";
    body.hidden = true;
  });
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) load();
  });

  // ------------------------------------------------------------------ where to report

  // The services of the country the family picked elsewhere in Steady (country.js keeps it on
  // this phone) and of the teen's age; their names are offered in "Which service".
  var services = root.querySelector("[data-services]");
  var countryPick = services.querySelector("[data-services-country]");
  var agePick = services.querySelector("[data-services-age]");
  var names = services.querySelector("datalist");
  var picked = null;
  try { picked = window.localStorage.getItem("steady-country"); } catch (error) { picked = null; }
  if (picked && countryPick.querySelector('option[value="' + CSS.escape(picked) + '"]')) {
    countryPick.value = picked;
  }

  function showServices() {
    var audiences = agePick.selectedOptions[0].dataset.audiences.split(" ");
    names.replaceChildren();
    services.querySelectorAll("li[data-country]").forEach(function (item) {
      item.hidden = item.dataset.country !== countryPick.value ||
        audiences.indexOf(item.dataset.audience) < 0;
      if (!item.hidden) {
        var option = element("option");
        option.value = item.querySelector("[data-service-name]").textContent;
        names.appendChild(option);
      }
    });
  }
  countryPick.addEventListener("change", showServices);
  agePick.addEventListener("change", showServices);
  showServices();

  load();
})();
