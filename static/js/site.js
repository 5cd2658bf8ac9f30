// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";

  // The search box's type-ahead lives in its own file, fetched only on pages that have the box.
  var here = document.currentScript && document.currentScript.src;
  function loadTypeahead() {
    if (!here || !document.getElementById("site-search")) return;
    var script = document.createElement("script");
    script.src = here.replace(/site\.js(\?.*)?$/, "typeahead.js");
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

  document.addEventListener("DOMContentLoaded", function () {
    loadTypeahead();
    document.querySelectorAll(".gallery").forEach(enhanceGallery);
    document.querySelectorAll("form.filters").forEach(tidyFilters);
  });
})();
