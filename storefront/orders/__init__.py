"""Orders: placing them without ever overselling, and their life afterwards.

- `services.place_order`: one transaction. Its first write is the order row with the checkout form's
  one-time `submission_key` (unique; a resubmission gets the first order back), then stock is taken with
  `UPDATE products SET stock = stock - :n WHERE id = :id AND stock >= :n` in ascending product id order,
  each take recorded as a StockMovement; lines are snapshots; totals come from `pricing`, never the form.
  Writing first keeps SQLite's deferred transactions out of "database is locked" under contention.
- `pricing`: a flat SHIPPING_FEE_VND per producer's parcel, free when that producer's goods reach
  FREE_SHIPPING_THRESHOLD_VND (the threshold is per producer, because each producer ships its own parcel).
- `status`: the transition table and the one function that applies it; `lifecycle`: every change after
  placing (`mark_paid`, `confirm_order`, `mark_shipped`/`mark_delivered` per producer, `cancel_order`,
  `mark_refunded`, `release_stock`, `expire_unpaid_orders`, `flag_for_attention`), each a compare-and-set
  update plus an OrderEvent with its actor.
- `paying`: how the order page asks the payment methods (in `storefront.payments`, which builds on orders
  and is never imported from here) what to show; `lazy`: overdue holds released where they are seen.
- `cli`: `flask --app wsgi orders ...`, through the same services.
"""
