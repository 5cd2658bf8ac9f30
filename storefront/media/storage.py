"""Where uploaded files live, behind one small interface: a folder (MEDIA_ROOT) now, object storage later.

Callers give a relative path the shop made up itself (never a name from the upload) and bytes.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path
from typing import Protocol

from flask import current_app
from werkzeug.security import safe_join


class Storage(Protocol):
    def save(self, path: str, data: bytes) -> None: ...

    def delete(self, path: str) -> None: ...

    def exists(self, path: str) -> bool: ...


class LocalStorage:
    """Files under `root`; written to a temporary name and renamed, so a reader never sees half a file."""

    def __init__(self, root: str) -> None:
        self.root = root

    def _full(self, path: str) -> Path:
        full = safe_join(self.root, path)
        if full is None:
            raise ValueError(f"not a path under the media root: {path!r}")
        return Path(full)

    def save(self, path: str, data: bytes) -> None:
        target = self._full(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(temporary, target)
        except BaseException:
            if os.path.exists(temporary):
                os.unlink(temporary)
            raise

    def delete(self, path: str) -> None:
        with contextlib.suppress(FileNotFoundError):
            self._full(path).unlink()

    def exists(self, path: str) -> bool:
        return self._full(path).is_file()


def storage() -> Storage:
    return LocalStorage(current_app.config["MEDIA_ROOT"])
