"""The documents the clinic shared with her."""
