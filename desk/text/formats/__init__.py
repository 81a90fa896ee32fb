"""Readers for the structured formats the wire sends: each turns a file's text into
Articles (headline, body paragraphs and what the source says about the story), or
raises FormatError with a one-line problem. ingest.py picks the reader and makes
RawStories of the Articles."""

# Feeds named as feeds: a fetcher rewrites such a file in place as entries arrive, so the
# inbox reads it again when it changes (a `.xml` feed is read like any other file).
FEED_SUFFIXES = (".rss", ".atom")
