"""Approved copy out of the store into files a website or CMS picks up."""

from desk.export.exporter import EXPORTABLE, FORMATS, export_stories
from desk.export.retract import retract_withdrawn
from desk.export.summary import ExportSummary

__all__ = ["EXPORTABLE", "FORMATS", "ExportSummary", "export_stories", "retract_withdrawn"]
