"""OCOP storefront: an online shop for Vietnam's One Commune One Product specialties.

Importing this package builds nothing; call :func:`storefront.app.create_app`.
"""
