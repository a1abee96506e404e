"""Serving the web app in production: the multi-process server and what it must know about
the reverse proxies in front of it."""
