// Checkout: the commune list follows the chosen province, and a second click on "Place order" is
// ignored while the first is on its way (the server makes one order of a resubmission anyway).
(function () {
  'use strict';
  var form = document.querySelector('[data-checkout-form]');
  if (!form) { return; }

  // After a refused submission, focus goes to the list of what to fix (announced; each item links to its field).
  var summary = document.querySelector('[data-error-summary]');
  if (summary) { summary.focus(); }
  // A wide screen has room for the order beside the form: show it unfolded.
  var order = document.querySelector('details.checkout-summary');
  if (order && window.matchMedia && window.matchMedia('(min-width: 48rem)').matches) { order.open = true; }
  var province = document.getElementById('province');
  var ward = document.getElementById('ward');

  if (province && ward && window.fetch) {
    province.addEventListener('change', function () {
      var placeholder = ward.options.length ? ward.options[0].cloneNode(true) : null;
      ward.disabled = true;
      fetch('/checkout/communes?province=' + encodeURIComponent(province.value), {
        headers: { 'Accept': 'application/json' },
        credentials: 'same-origin'
      }).then(function (response) {
        return response.json();
      }).then(function (data) {
        while (ward.firstChild) { ward.removeChild(ward.firstChild); }
        if (placeholder) {
          placeholder.selected = true;
          ward.appendChild(placeholder);
        }
        (data.items || []).forEach(function (commune) {
          var option = document.createElement('option');
          option.value = String(commune.code);
          option.textContent = commune.name;
          ward.appendChild(option);
        });
      }).catch(function () {
        // Leave the list as it was; the server checks the commune against the province anyway.
      }).then(function () {
        ward.disabled = false;
      });
    });
  }

  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.name === 'refresh') { return; }
    if (form.getAttribute('data-sent')) {
      event.preventDefault();
      return;
    }
    form.setAttribute('data-sent', '1');
    var button = form.querySelector('button[type="submit"]:not([name="refresh"])');
    if (button) { button.setAttribute('aria-disabled', 'true'); }
  });

  // Coming back with the Back button: the page may come from the cache with the form marked as sent.
  window.addEventListener('pageshow', function () {
    form.removeAttribute('data-sent');
    var button = form.querySelector('button[aria-disabled]');
    if (button) { button.removeAttribute('aria-disabled'); }
  });
})();
