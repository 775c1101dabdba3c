// The family's record, kept in this phone's IndexedDB and nowhere else: no function here makes
// a request. Open, it is kept as it was written; locked, only an AES-GCM sealed copy is kept,
// under a key derived from the family's passphrase, and the passphrase itself never is.
(function () {
  "use strict";
  var DATABASE = "steady-record";
  var STORE = "record";
  var KEY = "record";
  // OWASP's Password Storage Cheat Sheet asks PBKDF2-HMAC-SHA256 for a work factor of
  // 600,000 or more (https://cheatsheetseries.owasp.org/cheatsheets/Password_Storage_Cheat_Sheet.html,
  // "PBKDF2", as revised in 2023). Kept with each sealed copy, so raising it later still opens
  // an older record.
  var ITERATIONS = 600000;
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();

  function available() {
    return Boolean(window.indexedDB && window.crypto && crypto.subtle);
  }

  function opened() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = function () { request.result.createObjectStore(STORE); };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function withStore(mode, act) {
    return opened().then(function (db) {
      return new Promise(function (resolve, reject) {
        var transaction = db.transaction(STORE, mode);
        var request = act(transaction.objectStore(STORE));
        // Written means committed: resolve on the transaction, not the request.
        transaction.oncomplete = function () { db.close(); resolve(request && request.result); };
        transaction.onerror = transaction.onabort = function () {
          db.close();
          reject(transaction.error);
        };
      });
    });
  }

  // What is kept: {open: entries} or {sealed: {salt, iv, data, iterations}}, or nothing.
  // Reading never creates the database: a page only opened, or opened again after "Delete the
  // record", leaves no trace of a record in the browser.
  function kept() {
    var listed = indexedDB.databases ? indexedDB.databases() : Promise.resolve([{ name: DATABASE }]);
    return listed.then(function (databases) {
      var there = databases.some(function (database) { return database.name === DATABASE; });
      if (!there) return undefined;
      return withStore("readonly", function (store) { return store.get(KEY); });
    });
  }

  function keep(value) {
    return withStore("readwrite", function (store) { return store.put(value, KEY); });
  }

  function deriveKey(passphrase, salt, iterations) {
    return crypto.subtle.importKey("raw", encoder.encode(passphrase), "PBKDF2", false, ["deriveKey"])
      .then(function (material) {
        return crypto.subtle.deriveKey(
          { name: "PBKDF2", hash: "SHA-256", salt: salt, iterations: iterations },
          material, { name: "AES-GCM", length: 256 }, false, ["encrypt", "decrypt"]);
      });
  }

  // A lock: the key (not extractable) and the salt it was made with, held only in memory.
  function newLock(passphrase) {
    var salt = crypto.getRandomValues(new Uint8Array(16));
    return deriveKey(passphrase, salt, ITERATIONS).then(function (key) {
      return { key: key, salt: salt, iterations: ITERATIONS };
    });
  }

  function seal(entries, lock) {
    // A fresh IV for every write: AES-GCM must never see the same IV twice under one key.
    var iv = crypto.getRandomValues(new Uint8Array(12));
    var plain = encoder.encode(JSON.stringify(entries));
    return crypto.subtle.encrypt({ name: "AES-GCM", iv: iv }, lock.key, plain).then(function (data) {
      return keep({ sealed: { salt: lock.salt, iv: iv, data: data, iterations: lock.iterations } });
    });
  }

  // Write the entries: sealed with the lock when there is one, as written otherwise.
  function save(entries, lock) {
    return lock ? seal(entries, lock) : keep({ open: entries });
  }

  // A wrong passphrase makes a key that fails AES-GCM's check: rejected with WrongPassphrase,
  // nothing decrypted.
  function unlock(sealed, passphrase) {
    return deriveKey(passphrase, sealed.salt, sealed.iterations).then(function (key) {
      return crypto.subtle.decrypt({ name: "AES-GCM", iv: sealed.iv }, key, sealed.data)
        .then(function (plain) {
          var lock = { key: key, salt: sealed.salt, iterations: sealed.iterations };
          return { entries: JSON.parse(decoder.decode(plain)), lock: lock };
        }, function () {
          var error = new Error("wrong passphrase");
          error.name = "WrongPassphrase";
          throw error;
        });
    });
  }

  function erase() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.deleteDatabase(DATABASE);
      request.onsuccess = function () { resolve(); };
      request.onerror = function () { reject(request.error); };
      // Another tab holding it open: the deletion waits for it and completes after.
      request.onblocked = function () {};
    });
  }

  window.steadyRecordStore = {
    available: available, kept: kept, save: save, newLock: newLock, unlock: unlock, erase: erase,
  };
})();
