"""Notify: the outbox of messages to buyers (stored with the change that caused them, then sent)."""
