// The cart without page reloads: the same forms, sent with fetch. The server's /cart page stays the
// source of truth: its fresh HTML replaces the cart region and the header count. Without this file
// (or without fetch) the forms post and redirect as usual.
(function () {
  'use strict';
  var region = document.querySelector('[data-cart-region]');
  if (!region || !window.fetch || !window.DOMParser) { return; }

  function swap(html, focusId) {
    var doc = new DOMParser().parseFromString(html, 'text/html');
    var fresh = doc.querySelector('[data-cart-region]');
    if (fresh) {
      region.replaceWith(fresh);
      region = fresh;
      bind();
    }
    var count = doc.querySelector('[data-cart-count]');
    var header = document.querySelector('[data-cart-count]');
    if (count && header) { header.textContent = count.textContent; }
    var oldFlashes = document.querySelector('.flashes');
    if (oldFlashes) { oldFlashes.remove(); }
    var flashes = doc.querySelector('.flashes');
    var main = document.querySelector('main');
    if (flashes && main) { main.parentNode.insertBefore(flashes, main); }
    var target = (focusId && document.getElementById(focusId)) || region.querySelector('h1');
    if (target) {
      if (!target.hasAttribute('tabindex') && target.tagName === 'H1') { target.setAttribute('tabindex', '-1'); }
      target.focus();
    }
  }

  function send(form) {
    var focusId = document.activeElement && document.activeElement.id;
    region.setAttribute('aria-busy', 'true');
    fetch(form.action, {
      method: 'POST',
      body: new FormData(form),
      credentials: 'same-origin',
      headers: { 'Accept': 'text/html' }
    }).then(function (response) {
      if (!response.ok) { throw new Error('cart update failed'); }
      return response.text();
    }).then(function (html) {
      swap(html, focusId);
    }).catch(function () {
      form.submit();  // fall back to the plain form
    });
  }

  function bind() {
    region.removeAttribute('aria-busy');
    Array.prototype.forEach.call(region.querySelectorAll('form[data-cart-form]'), function (form) {
      form.addEventListener('submit', function (event) {
        event.preventDefault();
        send(form);
      });
      var quantity = form.querySelector('[data-autosubmit]');
      if (quantity) {
        quantity.addEventListener('change', function () {
          if (quantity.value !== '') { send(form); }
        });
      }
    });
  }

  bind();
})();
