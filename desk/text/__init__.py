"""File -> clean Story with quotes and speakers. Pure: no store, no Textual, no terminal."""
