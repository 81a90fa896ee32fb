"""`desk serve`: the same desk in a web browser, one desk process per browser tab, through
textual-serve. Off loopback a shared secret guards it (see secret.py)."""
