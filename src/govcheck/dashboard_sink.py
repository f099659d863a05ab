"""Where the run hands each result for ``--output-dir``: a page written at once.

The dashboard (:mod:`govcheck.reporters.dashboard`) renders; the output
folder (:mod:`govcheck.output_dir`) writes. This joins them so the run
neither holds a page nor knows how one is written.
"""

from __future__ import annotations

from dataclasses import dataclass

from govcheck.findings import FileResult
from govcheck.output_dir import INDEX, OutputDir
from govcheck.reporters.dashboard import Dashboard


@dataclass
class PageSink:
    """Pages written as results arrive (``streams``) or, after waivers, all at the end."""

    folder: OutputDir
    dashboard: Dashboard
    streams: bool

    def file(self, result: FileResult) -> None:
        """Render and write one report's page; only its summary row stays."""
        name, page = self.dashboard.page(result)
        self.folder.write_page(name, page)

    def not_read(self, path: str, message: str) -> None:
        """A file that could not be read: listed in the index with its message."""
        self.dashboard.not_read(path, message)

    def finish(self, skipped: int) -> str:
        """Write ``index.html``; returns its path for the closing line."""
        self.dashboard.skipped = skipped
        self.folder.write_index(self.dashboard.index())
        return str(self.folder.root / INDEX)

    def close(self) -> None:
        """Release the folder."""
        self.folder.close()
