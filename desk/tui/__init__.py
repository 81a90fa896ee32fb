"""The Textual desk: a thin shell over a headless DeskSession."""
