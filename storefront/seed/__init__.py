"""Demo and benchmark data: `flask --app wsgi seed demo` and `seed bulk`."""
