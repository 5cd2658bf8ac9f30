"""Sales as the programme counts them: the one definition of a sale, and every report built on it.

`definition` says which order lines are sales and when (read its docstring first); `report` groups them
(by month, locality, producer, producer kind, product, stars, group) with totals; `statement` gives a
producer's month line by line with its refunds, and what the shop owes them (the payouts use it). The
dashboard, its CSV and XLSX exports, the API feed, the producers' statements and the payouts all call these
functions, so they always agree. Nothing here reads a request: tests call the functions directly.
"""
