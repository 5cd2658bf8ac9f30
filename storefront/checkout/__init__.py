"""Checkout: the address form (Vietnamese mobiles, the 34 provinces and their communes) and the view that
calls `place_order` once. The prices the buyer saw travel in the form as a confirmation, never as the charge."""
