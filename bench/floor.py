"""The floor for bulk runs: the least any line-oriented Python linter must do.

It reads every file under a folder, decodes it (UTF-8, else GB18030, as
govcheck tries), splits it into lines and runs one regular expression per
line. govcheck's bulk time is reported as a multiple of this script's time
on the same files in the same run.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

# One cheap pattern, the kind every rule-based linter runs: a number in a line.
PATTERN = re.compile(r"\d+")


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else GB18030."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def scan(root: Path) -> tuple[int, int]:
    """(files, lines with a match) over every file under ``root``."""
    files = hits = 0
    for folder, _, names in os.walk(root):
        for name in sorted(names):
            text = decode((Path(folder) / name).read_bytes())
            files += 1
            hits += sum(1 for line in text.splitlines() if PATTERN.search(line))
    return files, hits


if __name__ == "__main__":
    print(*scan(Path(sys.argv[1])))
