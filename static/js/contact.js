// The contact form. Without a service worker it is an ordinary form post. With one, the message
// goes into the outbox on this phone first (service_worker/outbox.js), with an idempotency key
// made now, and this page tells the family how it goes: sending, saved on this phone until
// there is a connection, reached us, or what to fix. Messages still waiting are listed, each
// with a button to delete it from the phone.
//
// Either way the thank-you page replaces the form in the history, as every move inside Steady
// does (quick-exit.js): after a quick exit, Back must not bring the form back.
(function () {
  "use strict";
  var summary = document.querySelector("[data-error-summary]");
  if (summary && !summary.hidden) summary.focus();

  var form = document.querySelector("[data-contact-form]");
  var protocol = window.STEADY_PROTOCOL;
  var outboxHere = Boolean(form && protocol && "serviceWorker" in navigator && window.indexedDB);
  var canKey = Boolean(window.crypto && crypto.randomUUID);
  var errorList = summary && summary.querySelector("[data-error-list]");

  function outboxTakes() {
    return outboxHere && canKey && Boolean(navigator.serviceWorker.controller);
  }

  // With no worker in control, the page posts the message itself, as the outbox would (a key,
  // so a repeat is stored once), and replaces itself with the thank-you page; what the server
  // does not take is shown in the form, as the outbox shows it. Only when no answer comes does
  // the ordinary post go instead (with the browser's own page if there is no connection).
  var posting = false;
  function postHere(event) {
    if (event.defaultPrevented || outboxTakes() || !canKey || !window.fetch) return;
    event.preventDefault();
    if (posting) return;  // a second tap would be a second message
    posting = true;
    // The same key goes in the form too, for the ordinary post if no answer comes.
    var reference = form.querySelector("[name=reference]");
    if (!reference) {
      reference = document.createElement("input");
      reference.type = "hidden";
      reference.name = "reference";
      form.appendChild(reference);
    }
    reference.value = crypto.randomUUID();
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)).toString(),
      headers: {
        "Content-Type": "application/x-www-form-urlencoded",
        "Idempotency-Key": reference.value,
        Accept: "application/json",
      },
      credentials: "same-origin",
    }).then(function (response) {
      return response.json();
    }).then(function (answer) {
      posting = false;
      if (answer.thanks) return window.location.replace(answer.thanks);
      if (!answer.errors && !answer.error) throw new Error("no answer the page can show");
      showErrors(answer);
    }).catch(function () {
      form.submit();
    });
  }
  if (form) form.addEventListener("submit", postHere);

  if (!outboxHere) return;
  var asks = protocol.asks;
  var events = protocol.outbox;
  var status = document.querySelector("[data-outbox-status]");
  var outbox = document.querySelector("[data-outbox]");
  var list = outbox.querySelector("[data-outbox-list]");
  var mine = null; // the key of the message this page put in the outbox
  var pending = false; // sent to the worker, no answer yet
  var RETRY_SECONDS = 5;

  function worker() {
    return navigator.serviceWorker.controller;
  }

  function say(text) {
    status.hidden = false;
    status.textContent = text;
  }

  function fieldsOf(entry) {
    return new URLSearchParams(entry.body);
  }

  // In the server's words when the server refused it; in this page's words when the phone
  // did, having no room left to keep it.
  function whyRefused(entry) {
    if (entry.error) return entry.error;
    return entry.reason === protocol.refusals.outboxFull ? status.dataset.full : status.dataset.problem;
  }

  function forget(entry) {
    worker().postMessage({ type: asks.outboxDelete, id: entry.id });
  }

  // As the server renders them: the field marked, its message above it, named by it.
  function markField(name, text) {
    var field = form.elements[name];
    var box = field.closest(".field");
    var message = document.createElement("p");
    message.className = "error-message";
    message.id = name + "-error";
    message.setAttribute("data-added-error", "");
    message.textContent = text;
    box.classList.add("field-error");
    box.insertBefore(message, field);
    field.setAttribute("aria-invalid", "true");
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    if (described.indexOf(message.id) === -1) described.push(message.id);
    field.setAttribute("aria-describedby", described.join(" "));
  }

  function clearErrors() {
    summary.hidden = true;
    form.querySelectorAll(".error-message").forEach(function (message) { message.remove(); });
    form.querySelectorAll(".field-error").forEach(function (box) { box.classList.remove("field-error"); });
    form.querySelectorAll("[aria-invalid]").forEach(function (field) {
      field.removeAttribute("aria-invalid");
      var described = (field.getAttribute("aria-describedby") || "").split(" ")
        .filter(function (id) { return id && id !== field.name + "-error"; });
      field.setAttribute("aria-describedby", described.join(" "));
    });
  }

  function showErrors(entry) {
    clearErrors();
    errorList.textContent = "";
    var errors = entry.errors || {};
    var names = Object.keys(errors);
    if (!names.length) names = [null];
    names.forEach(function (name) {
      var item = document.createElement("li");
      var text = name ? errors[name] : whyRefused(entry);
      if (name && form.elements[name]) {
        markField(name, text);
        var link = document.createElement("a");
        link.href = "#" + name;
        link.textContent = text;
        item.appendChild(link);
      } else {
        item.textContent = text;
      }
      errorList.appendChild(item);
    });
    summary.hidden = false;
    summary.focus();
  }

  // A refused message goes back into the form to be fixed, and out of the outbox.
  function restore(entry) {
    if (form.elements.danger_now) form.elements.danger_now.checked = false;
    fieldsOf(entry).forEach(function (value, name) {
      var field = form.elements[name];
      if (!field || field.hasAttribute("data-trap")) return;
      if (field.type === "checkbox") field.checked = true; // sent only when ticked
      else field.value = value;
    });
    showErrors(entry);
    say(status.dataset.refused + " " + whyRefused(entry));
    forget(entry);
  }

  function showList(entries) {
    list.textContent = "";
    entries.forEach(function (entry) {
      var item = document.createElement("li");
      item.dataset.id = entry.id;
      item.dataset.state = entry.state;
      var text = document.createElement("blockquote");
      text.textContent = fieldsOf(entry).get("message") || "";
      var state = document.createElement("p");
      state.textContent = entry.state === events.refused
        ? status.dataset.refused + " " + whyRefused(entry)
        : outbox.dataset.waiting;
      item.appendChild(text);
      item.appendChild(state);
      if (entry.state === events.refused) {
        item.appendChild(button(outbox.dataset.fix, "button", function () { restore(entry); }));
      }
      item.appendChild(button(outbox.dataset.delete, "button button-secondary", function () {
        forget(entry);
        say(outbox.dataset.deleted);
      }));
      list.appendChild(item);
    });
    outbox.hidden = entries.length === 0;
  }

  function button(label, className, onClick) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = className;
    element.textContent = label;
    element.addEventListener("click", onClick);
    return element;
  }

  form.addEventListener("submit", function (event) {
    if (!outboxTakes()) return;  // posted by postHere, or an ordinary post
    var controller = worker();
    event.preventDefault();
    // A second tap before the first is taken would be a second message: wait for the answer.
    if (pending) return;
    pending = true;
    mine = crypto.randomUUID();
    controller.postMessage({
      type: asks.outboxAdd,
      entry: {
        id: mine,
        url: form.getAttribute("action"),
        body: new URLSearchParams(new FormData(form)).toString(),
        createdAt: new Date().toISOString(),
      },
    });
    clearErrors();
    say(status.dataset.sending);
  });

  navigator.serviceWorker.addEventListener("message", function (event) {
    var data = event.data || {};
    if (data.type !== protocol.tells.outbox) return;
    var listed = Array.prototype.some.call(list.querySelectorAll("li"), function (item) {
      return item.dataset.id === data.id;
    });
    if (data.entries) showList(data.entries);
    // A message saved earlier, listed on this page, has just been sent.
    if (data.event === events.sent && listed && data.id !== mine) say(status.dataset.sent);
    if (!mine || data.id !== mine) return;
    if (data.event !== events.queued) pending = false;
    if (data.event === events.waiting) {
      say(status.dataset.saved);
      form.reset();
    } else if (data.event === events.sent) {
      mine = null;
      form.reset();
      say(status.dataset.sent);
      if (data.thanks) window.location.replace(data.thanks);
    } else if (data.event === events.refused) {
      mine = null;
      restore(data.entry);
    }
  });
  navigator.serviceWorker.startMessages();
  if (worker()) worker().postMessage({ type: asks.outboxList });

  // A server that is down (rather than a phone with no signal) fires no "online" event, and
  // Background Sync tries again only after minutes: while the family is looking at a waiting
  // message, try again every few seconds.
  setInterval(function () {
    if (document.visibilityState !== "visible" || !navigator.onLine || !worker()) return;
    var waiting = list.querySelector('li[data-state="' + events.waiting + '"]');
    if (waiting) worker().postMessage({ type: asks.outboxSend });
  }, RETRY_SECONDS * 1000);
})();
