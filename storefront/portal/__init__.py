"""The producers' portal: a producer's own listings, pictures, stock, orders and statement."""
