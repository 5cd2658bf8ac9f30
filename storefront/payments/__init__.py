"""Card payments through Stripe Checkout: `stripe_gateway` (the only module that calls `stripe.*`),
`checkout` (opening a session), `services` (what Stripe's word does to an order), `webhooks`
(`POST /webhooks/stripe`), `views` (the buyer's card actions on the order page) and `cli` (refunds)."""
