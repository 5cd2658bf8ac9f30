"""The demo catalogue as plain data, in Vietnamese and English: places, groups, producers, products."""
