"""Her account: the clinic's invitation, setting and changing her password, signing in by an
emailed link, and the clinic's portal settings."""
