"""Approved copy out of the store into files a website or CMS picks up."""

from desk.export.exporter import EXPORTABLE, FORMATS, ExportSummary, export_stories

__all__ = ["EXPORTABLE", "FORMATS", "ExportSummary", "export_stories"]
