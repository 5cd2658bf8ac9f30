"""Cart: product ids and quantities in a signed cookie for guests (`store`), pure rules (`cart`), today's
prices and stock read each time (`queries`), checks against stock (`services`), pages (`views`)."""
