"""Reading a file the user named, safely: regular files only, and never more than a limit.

This module owns ``read_limited``, the one way caseflow reads a file it was
given a path to (a workflow, a calendar, a case's JSON) and ``open_regular``
for a file read as a stream (an import). A path may name anything: a FIFO
would block the reader forever, ``/dev/zero`` or ``/dev/urandom`` never end,
and a directory is not a file. So the path is looked at before it is opened
(``os.stat``, which follows symbolic links), opened without blocking
(``O_NONBLOCK``: opening a FIFO with no writer would wait), looked at again
through the open descriptor (the name may have been swapped in between), and
read up to ``limit`` plus one byte, so that a file which grows while it is
read is still caught. What the bytes mean is the callers' job; what they
say when a file is refused is theirs too, from ``FileRefused.reason``.

Layer 2: it imports only ``caseflow.errors``.
"""

from __future__ import annotations

import errno
import os
import stat
from typing import BinaryIO

from caseflow.errors import InputError
from caseflow.i18n import N_, _

__all__ = ["FileRefused", "open_regular", "read_limited"]


class FileRefused(InputError):
    """A file that cannot be read, or may not be: ``path``, and ``reason`` in words."""

    def __init__(self, path: str, reason: str) -> None:
        self.path = path
        self.reason = reason
        super().__init__(_("cannot read {path}: {reason}").format(path=path, reason=reason))


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return _("a folder")
    if stat.S_ISFIFO(mode):
        return _("a named pipe (FIFO)")
    if stat.S_ISCHR(mode):
        return _("a character device")
    if stat.S_ISBLK(mode):
        return _("a block device")
    if stat.S_ISSOCK(mode):
        return _("a socket")
    return _("a special file")


def _refuse_special(shown: str, mode: int) -> None:
    if not stat.S_ISREG(mode):
        raise FileRefused(shown, _("not a regular file but {kind}").format(kind=_kind(mode)))


_OS_REASONS = {
    errno.ENOENT: N_("No such file or directory"),
    errno.EACCES: N_("Permission denied"),
    errno.EISDIR: N_("Is a directory"),
    errno.ENOTDIR: N_("Not a directory"),
    errno.ENOSPC: N_("No space left on device"),
    errno.EEXIST: N_("File exists"),
    errno.EROFS: N_("Read-only file system"),
    errno.ELOOP: N_("Too many levels of symbolic links"),
    errno.ENAMETOOLONG: N_("File name too long"),
}


def os_reason(err: OSError) -> str:
    """The system's reason for ``err``, in the current language for the common ones."""
    if err.errno in _OS_REASONS:
        return _(_OS_REASONS[err.errno])
    return str(err.strerror or err)


def open_regular(path: str | os.PathLike[str]) -> BinaryIO:
    """``path`` opened for reading bytes, if it is a regular file (after symbolic links)."""
    shown = os.fsdecode(path)
    try:
        _refuse_special(shown, os.stat(path).st_mode)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileRefused:
        raise
    except OSError as err:
        raise FileRefused(shown, os_reason(err)) from None
    except ValueError:  # a NUL or a lone surrogate: no file can have that name
        raise FileRefused(
            repr(shown), _("a path cannot hold a NUL character or a lone surrogate")
        ) from None
    try:
        _refuse_special(shown, os.fstat(fd).st_mode)
        if hasattr(os, "set_blocking"):
            os.set_blocking(fd, True)
        return os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise


def read_limited(path: str | os.PathLike[str], *, limit: int) -> bytes:
    """The bytes of the regular file ``path``, refused when it holds more than ``limit``.

    Raises ``FileRefused`` (an ``InputError``) when the path names no file,
    a folder, a FIFO, a device or a socket, cannot be read, or is too large;
    ``reason`` says which, in words, for the caller to place in its own
    message.
    """
    with open_regular(path) as fp:
        try:
            size = os.fstat(fp.fileno()).st_size
            data = b"" if size > limit else fp.read(limit + 1)
        except OSError as err:
            raise FileRefused(os.fsdecode(path), os_reason(err)) from None
    if size > limit or len(data) > limit:
        shown = (
            _("{size:,} bytes").format(size=size)
            if size > limit
            else _("more than {limit:,} bytes").format(limit=limit)
        )
        raise FileRefused(
            os.fsdecode(path),
            _("the file is {size}; the limit is {limit:,} bytes").format(size=shown, limit=limit),
        )
    return data
