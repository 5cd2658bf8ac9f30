"""Uploaded and generated images, served from MEDIA_ROOT with long cache lifetimes.

Files are written once under a new name when they change, so browsers and proxies may keep them a
year. Only image types are served, never dotfiles, and never anything outside MEDIA_ROOT.
"""

from __future__ import annotations

import os

from flask import Blueprint, Response, abort, current_app, send_from_directory, url_for
from werkzeug.security import safe_join

bp = Blueprint("media", __name__)

ONE_YEAR = 365 * 24 * 3600
IMAGE_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".avif": "image/avif",
    ".svg": "image/svg+xml",
}
#: An SVG opened on its own is a document: let it draw, never script or load anything.
SVG_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; sandbox"


def media_url(path: str) -> str:
    return url_for("media.file", path=path)


@bp.get("/media/<path:path>")
def file(path: str) -> Response:
    extension = os.path.splitext(path)[1].lower()
    parts = path.replace("\\", "/").split("/")
    if extension not in IMAGE_TYPES or any(part.startswith(".") or not part for part in parts) or "\x00" in path:
        abort(404)
    root = current_app.config["MEDIA_ROOT"]
    if safe_join(root, path) is None:  # `..`, absolute paths, drive letters
        abort(404)
    response = send_from_directory(root, path, mimetype=IMAGE_TYPES[extension], max_age=ONE_YEAR, conditional=True)
    response.cache_control.public = True
    if extension == ".svg":
        response.headers["Content-Security-Policy"] = SVG_POLICY
    return response
