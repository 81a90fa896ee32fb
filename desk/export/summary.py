"""What an export or a retraction did, for the one line the CLI and the desk show."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


@dataclass
class ExportSummary:
    written: list[Path] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # one line each: what and why
    stories: list[str] = field(default_factory=list)  # ids now marked exported
    retracted: list[str] = field(default_factory=list)  # ids whose exports were taken back
    moved: list[Path] = field(default_factory=list)  # files moved into .retracted/

    def line(self) -> str:
        line = (f"exported {len(self.stories)} stories: wrote {len(self.written)} files, "
                f"skipped {len(self.skipped)}")
        if self.retracted:
            line += f"; retracted {len(self.retracted)} (kill notices written)"
        return line
