"""Every way to pay, behind one door (`methods`: what checkout offers, where a new order's buyer goes to
pay, what the order page shows).

- Bank transfer: `vietqr` (the EMVCo payload, pure) and `transfer` (what the buyer needs to pay).
- Card through Stripe Checkout: `stripe_gateway` (the only module that calls `stripe.*`),
  `stripe_checkout` (opening a session), `services` (what Stripe's word does to an order), `card` (the order
  page's card panel, paying by transfer instead, refunds), `webhooks` (`POST /webhooks/stripe`), `views`
  (the buyer's card actions on the order page) and `cli` (refunds).
- Cash on delivery needs nothing here until the parcel arrives.
"""
