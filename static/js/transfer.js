// The bank-transfer panel of the order page, for a buyer paying from the same phone: copy buttons for
// the account number, amount and message; a live countdown to the deadline; a small poll of the order's
// status that reloads the page once the payment is confirmed. Loaded by site.js only where the panel is.
// Without it the values are plain text to select, the deadline a date and time, and "Refresh" a link.
(function () {
  "use strict";
  var panel = document.querySelector("[data-transfer]");
  if (!panel) return;

  function part(name) { return panel.querySelector("[data-" + name + "]"); }

  // --- Copy buttons. The value goes on the clipboard; the button says "Copied" for a moment and the
  // status line (role=status) says what was copied, so a screen reader hears it too.
  var copyStatus = part("copy-status");
  var copiedLabel = panel.getAttribute("data-copied-label") || "";
  var copyFailed = panel.getAttribute("data-copy-failed") || "";

  function copyByHand(text) {
    var area = document.createElement("textarea");
    area.value = text;
    area.setAttribute("readonly", "");
    area.className = "visually-hidden";
    document.body.appendChild(area);
    area.select();
    var done = false;
    try { done = document.execCommand("copy"); } catch (e) { done = false; }
    document.body.removeChild(area);
    return done ? Promise.resolve() : Promise.reject(new Error("copy refused"));
  }

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () { return copyByHand(text); });
    }
    return copyByHand(text);
  }

  function announce(message) {
    if (!copyStatus) return;
    // Emptied first, so the same message twice in a row is announced twice.
    copyStatus.textContent = "";
    window.setTimeout(function () { copyStatus.textContent = message; }, 50);
  }

  function selectValue(button) {
    var value = button.parentNode.querySelector(".copyable");
    if (!value || !window.getSelection) return;
    var range = document.createRange();
    range.selectNodeContents(value);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  panel.querySelectorAll("button[data-copy]").forEach(function (button) {
    var label = button.textContent;
    var reset = null;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(function () {
        button.textContent = copiedLabel || label;
        window.clearTimeout(reset);
        reset = window.setTimeout(function () { button.textContent = label; }, 3000);
        announce(button.getAttribute("data-copied"));
      }, function () {
        selectValue(button);  // the browser refused: the value is selected for the buyer to copy
        announce(copyFailed);
      });
    });
  });

  // --- The countdown. The server's clock decides; the poll's Date header corrects this one's drift.
  var deadlineTime = part("deadline");
  var deadline = deadlineTime ? Date.parse(deadlineTime.getAttribute("datetime")) : NaN;
  var countdown = part("countdown"), clock = part("countdown-clock"), over = part("countdown-over");
  var skew = 0;
  var ticker = null;

  function two(n) { return (n < 10 ? "0" : "") + n; }

  function tick() {
    var left = Math.max(0, Math.floor((deadline - (Date.now() + skew)) / 1000));
    var hours = Math.floor(left / 3600), minutes = Math.floor((left % 3600) / 60), seconds = left % 60;
    clock.textContent = (hours ? hours + ":" + two(minutes) : String(minutes)) + ":" + two(seconds);
    if (left === 0) {
      window.clearInterval(ticker);
      countdown.hidden = true;
      over.hidden = false;
      check();  // the server now says the order is no longer awaiting payment: the page reloads
    }
  }

  // --- The poll: while the page is visible, every few seconds, at most MAX_CHECKS times; slower after an
  // error or a 429. It stops, and the page reloads, once the order is no longer awaiting payment.
  var url = panel.getAttribute("data-progress-url");
  var every = (Number(panel.getAttribute("data-poll-seconds")) || 5) * 1000;
  var MAX_CHECKS = 360;
  var checks = 0, delay = every, timer = null, busy = false, stopped = !url || !window.fetch;
  var pollOn = part("poll-on"), pollOff = part("poll-off"), pollStopped = part("poll-stopped");

  function stop(note) {
    stopped = true;
    window.clearTimeout(timer);
    if (pollOn) pollOn.hidden = true;
    if (note) note.hidden = false;
  }

  function schedule() {
    window.clearTimeout(timer);
    if (!stopped && document.visibilityState === "visible") timer = window.setTimeout(check, delay);
  }

  function check() {
    if (stopped || busy) return;
    if (checks >= MAX_CHECKS) { stop(pollStopped); return; }
    checks += 1;
    busy = true;
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        var served = Date.parse(response.headers.get("Date") || "");
        if (!isNaN(served)) skew = served - Date.now();
        if (response.status === 404) { stop(pollStopped); return null; }
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      })
      .then(function (data) {
        busy = false;
        if (!data) return;
        delay = every;
        if (data.awaiting_payment === false) {
          stop(null);
          window.location.reload();
          return;
        }
        schedule();
      })
      .catch(function () {
        busy = false;
        delay = Math.min(delay * 2, 60000);
        schedule();
      });
  }

  if (!stopped) {
    if (pollOff) pollOff.hidden = true;
    if (pollOn) pollOn.hidden = false;
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible") check();
      else window.clearTimeout(timer);
    });
    schedule();
  }

  if (!isNaN(deadline) && countdown && clock && over) {
    countdown.hidden = false;
    tick();
    ticker = window.setInterval(tick, 1000);
  }
})();
