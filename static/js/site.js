// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A part of some pages brings its own file, fetched only where that part is: the order page's
  // bank-transfer panel. (The search box's type-ahead is on every page, so it comes with this file,
  // below: one request fewer on a phone's first view.)
  var here = document.currentScript && document.currentScript.src;
  function loadFor(selector, file) {
    if (!here || !document.querySelector(selector)) return;
    var script = document.createElement("script");
    script.src = here.replace(/site\.js(\?.*)?$/, file);
    script.defer = true;
    document.head.appendChild(script);
  }

  // Product gallery: a thumbnail shows its picture in the main frame instead of opening the file.
  function enhanceGallery(gallery) {
    var main = gallery.querySelector(".gallery-image");
    if (!main) return;
    gallery.addEventListener("click", function (event) {
      var link = event.target.closest("[data-gallery-thumb]");
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey) return;
      event.preventDefault();
      var thumb = link.querySelector("img");
      main.src = link.getAttribute("href");
      main.alt = thumb ? thumb.alt : "";
      gallery.querySelectorAll("[data-gallery-thumb]").forEach(function (other) {
        other.removeAttribute("aria-current");
      });
      link.setAttribute("aria-current", "true");
    });
  }

  // The catalogue's filter form: leave empty choices out of the address, so links stay short.
  function tidyFilters(form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("select, input").forEach(function (control) {
        if (control.name && control.value === "") control.disabled = true;
      });
    });
    // Coming back with the browser's Back button must not leave controls disabled.
    window.addEventListener("pageshow", function () {
      form.querySelectorAll("[disabled]").forEach(function (control) { control.disabled = false; });
    });
  }

  // The quantity's − and + buttons: hidden without this file, where the number field does the same.
  function enhanceStepper(button) {
    var input = document.getElementById(button.getAttribute("aria-controls"));
    if (!input) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      var step = Number(button.getAttribute("data-step"));
      var low = Number(input.min || 1), high = Number(input.max || 99);
      var next = Math.min(high, Math.max(low, (Number(input.value) || low) + step));
      input.value = String(next);
    });
  }

  // Add to cart without leaving the page: the same form, sent with fetch; the header count follows and
  // the confirmation is announced. "Buy now" and any failure of fetch post the form as usual.
  function enhanceAddToCart(form) {
    if (!window.fetch || !window.FormData) return;
    var status = form.querySelector("[data-added]");
    form.addEventListener("submit", function (event) {
      if (event.submitter && event.submitter.name === "buy_now") return;
      event.preventDefault();
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        return response.json().then(function (data) { return { ok: response.ok, data: data }; });
      }).then(function (result) {
        if (result.ok) {
          var count = document.querySelector("[data-cart-count]");
          if (count) count.textContent = String(result.data.count);
          if (status) status.textContent = result.data.message;
        } else if (status) {
          status.textContent = result.data.error ? result.data.error.message : "";
        }
      }).catch(function () {
        form.submit();
      });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    loadFor("[data-transfer]", "transfer.js");
    document.querySelectorAll(".gallery").forEach(enhanceGallery);
    document.querySelectorAll("form.filters").forEach(tidyFilters);
    document.querySelectorAll("button[data-step]").forEach(enhanceStepper);
    document.querySelectorAll("form[data-add-to-cart]").forEach(enhanceAddToCart);
    // Panels folded for phones open where there is room beside the results.
    if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
      document.querySelectorAll("details[data-wide-open]").forEach(function (panel) { panel.open = true; });
    }
    // The sort choice above the results applies as soon as it changes.
    document.querySelectorAll(".sort-bar [data-autosubmit]").forEach(function (select) {
      select.addEventListener("change", function () { select.form.submit(); });
    });
  });
})();

// Type-ahead for the search box, as a progressive enhancement: without this file (or without
// JavaScript) the box is a plain search form. With it, the input becomes an ARIA 1.2 combobox whose
// listbox offers places, producers and products from /api/v1/suggest after two letters. Every word
// shown comes from the page (the box's label) or the API (names, kinds), translated there.
// Keys: Down/Up move through the suggestions, Enter opens the one chosen (or searches the words typed
// when none is), Escape closes the list (a second Escape clears the box), Tab leaves it.
(function () {
  "use strict";

  var MIN_LETTERS = 2;
  var DELAY_MS = 120;

  function folded(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[đĐ]/g, "d").replace(/[^\w]+/g, "");
  }

  function enhance(input) {
    var form = input.form;
    var endpoint = input.getAttribute("data-suggest-url") || "/api/v1/suggest";
    if (!form || !window.fetch) return;
    var label = form.querySelector("label[for='" + input.id + "']");

    var listbox = document.createElement("ul");
    listbox.id = input.id + "-suggestions";
    listbox.className = "typeahead";
    listbox.setAttribute("role", "listbox");
    if (label) {
      if (!label.id) label.id = input.id + "-label";
      listbox.setAttribute("aria-labelledby", label.id);
    }
    listbox.hidden = true;
    form.classList.add("has-typeahead");
    form.appendChild(listbox);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listbox.id);

    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = null;
    var pending = null;

    function close() {
      listbox.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = listbox.querySelectorAll("[role=option]");
      options.forEach(function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0 && options[index]) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function render(found) {
      items = found;
      listbox.textContent = "";
      found.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listbox.id + "-" + i;
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.className = "typeahead-option typeahead-" + item.kind;
        var label = document.createElement("span");
        label.className = "typeahead-label";
        label.textContent = item.label;
        var kind = document.createElement("span");
        kind.className = "typeahead-kind";
        kind.textContent = item.kind_label || "";
        option.appendChild(label);
        option.appendChild(kind);
        listbox.appendChild(option);
      });
      if (found.length) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
        highlight(-1);
      } else {
        close();
      }
    }

    function go(index) {
      var item = items[index];
      if (item) window.location.assign(item.url);
    }

    function ask() {
      var query = input.value.trim();
      if (folded(query).length < MIN_LETTERS) {
        lastQuery = null;
        render([]);
        return;
      }
      if (query === lastQuery) return;
      lastQuery = query;
      if (pending) pending.abort();
      pending = window.AbortController ? new AbortController() : null;
      var lang = document.documentElement.lang || "vi";
      var url = endpoint + "?q=" + encodeURIComponent(query) + "&lang=" + encodeURIComponent(lang);
      fetch(url, { headers: { Accept: "application/json" }, signal: pending ? pending.signal : undefined })
        .then(function (response) { return response.ok ? response.json() : { items: [] }; })
        .then(function (body) {
          if (input.value.trim() === query) render(body.items || []);
        })
        .catch(function () { /* offline or aborted: the form still searches */ });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, DELAY_MS);
    });

    input.addEventListener("keydown", function (event) {
      var open = !listbox.hidden;
      if (event.key === "ArrowDown") {
        if (!open && items.length) {
          listbox.hidden = false;
          input.setAttribute("aria-expanded", "true");
        }
        if (items.length) {
          event.preventDefault();
          highlight(active + 1 >= items.length ? 0 : active + 1);
        }
      } else if (event.key === "ArrowUp") {
        if (open && items.length) {
          event.preventDefault();
          highlight(active <= 0 ? items.length - 1 : active - 1);
        }
      } else if (event.key === "Enter") {
        if (open && active >= 0) {
          event.preventDefault();
          go(active);
        }
      } else if (event.key === "Escape") {
        if (open) {
          event.preventDefault();
          close();
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          lastQuery = null;
        }
      } else if (event.key === "Tab") {
        close();
      }
    });

    // mousedown, not click: the input keeps its focus, so the list is still there when the click lands.
    listbox.addEventListener("mousedown", function (event) {
      event.preventDefault();
    });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (!option) return;
      var index = Array.prototype.indexOf.call(listbox.children, option);
      go(index);
    });

    input.addEventListener("blur", function () {
      window.setTimeout(close, 100);
    });
    input.addEventListener("focus", function () {
      if (items.length && folded(input.value).length >= MIN_LETTERS) {
        listbox.hidden = false;
        input.setAttribute("aria-expanded", "true");
      }
    });
  }

  function start() {
    var input = document.getElementById("site-search");
    if (input) enhance(input);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
