"""Whether a configuration file may be applied: nobody but its user could have written it.

A configuration can ignore every rule and set ``fail-on = "never"``, so a
run that picks up a file planted by someone else passes a faulty report with
exit 0 and no notice. Like git refusing a repository owned by someone else
(``safe.directory``) and OpenSSH refusing a group-writable
``authorized_keys``, govcheck refuses a configuration when

- the file is not owned by the user running govcheck or by root;
- the file is writable by others: world-writable, or group-writable with a
  group other than the user's own private group (the ``umask 002``
  convention, where the group has the user's name and nobody else in it);
- its folder is owned by another user (not root), or writable by others
  without the sticky bit (with it, as in ``/tmp``, others cannot replace a
  file they do not own).

The refusal is an error (exit 2), not a warning: running on without the
file would fail *open* when it was the one making the run stricter
(``fail-on = "warning"``, a pack), and a warning on stderr goes unread in
CI. The message says how to fix the permissions, or to run ``--isolated``.
Where there are no POSIX owners (Windows) nothing is refused.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path


def untrusted_reason(path: Path) -> tuple[str, dict[str, object]] | None:
    """None when ``path`` may be applied; else a message key suffix and its values."""
    if not hasattr(os, "geteuid"):
        return None
    user = os.geteuid()
    try:
        file = path.stat()
        folder_path = path.absolute().parent
        folder = folder_path.stat()
    except OSError:
        return None  # the read that follows reports it
    if file.st_uid not in (user, 0):
        return "untrusted_owner", {"owner": file.st_uid}
    if _writable_by_others(file):
        return "untrusted_file", {"mode": _mode(file)}
    if folder.st_uid not in (user, 0):
        return "untrusted_folder", {"folder": str(folder_path), "mode": _mode(folder)}
    if _writable_by_others(folder) and not folder.st_mode & stat.S_ISVTX:
        return "untrusted_folder", {"folder": str(folder_path), "mode": _mode(folder)}
    return None


def _writable_by_others(info: os.stat_result) -> bool:
    if info.st_mode & stat.S_IWOTH:
        return True
    return bool(info.st_mode & stat.S_IWGRP) and not _private_group(info.st_gid)


def _private_group(gid: int) -> bool:
    """Whether ``gid`` is the user's own group: primary, named like the user, no other member."""
    try:
        import grp  # POSIX only
        import pwd
    except ImportError:
        return False
    try:
        user = pwd.getpwuid(os.geteuid())
        group = grp.getgrgid(gid)
    except KeyError:
        return False
    members = set(group.gr_mem) - {user.pw_name}
    return gid == user.pw_gid and group.gr_name == user.pw_name and not members


def _mode(info: os.stat_result) -> str:
    return stat.filemode(info.st_mode)
