"""File -> clean Story with quotes and speakers. Pure: no store, no Textual, no terminal."""

from desk.text import native

ENGINE = native.choose(__name__)  # the quote engine compiled, or why it runs from source
