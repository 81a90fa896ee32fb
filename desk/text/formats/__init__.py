"""Readers for the structured formats the wire sends: each turns a file's text into
Articles (headline, body paragraphs and what the source says about the story), or
raises FormatError with a one-line problem. ingest.py picks the reader and makes
RawStories of the Articles."""
