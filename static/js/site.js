// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // A part of some pages brings its own file, fetched only where that part is: the search box's
  // type-ahead, the order page's bank-transfer panel.
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
    loadFor("#site-search", "typeahead.js");
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
