"""The headless core: no Textual import anywhere below this package."""
