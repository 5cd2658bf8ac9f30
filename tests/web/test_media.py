"""/media/<path> serves images from MEDIA_ROOT, cached a year; nothing else, nothing outside it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from flask import Flask

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture()
def media_root(app: Flask) -> Path:
    root = Path(app.config["MEDIA_ROOT"])
    (root / "products").mkdir(parents=True, exist_ok=True)
    (root / "products" / "muc.png").write_bytes(PNG)
    (root / "products" / ".hidden.png").write_bytes(PNG)
    (root / "products" / "notes.txt").write_text("private")
    (root / "drawing.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>')
    (root.parent / "secret.png").write_bytes(PNG)
    return root


def test_an_image_is_served_with_long_cache_headers(client, media_root: Path) -> None:
    response = client.get("/media/products/muc.png")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.mimetype == "image/png"
    assert response.cache_control.max_age == 365 * 24 * 3600
    assert response.cache_control.public
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_a_revalidation_gets_304(client, media_root: Path) -> None:
    first = client.get("/media/products/muc.png")
    again = client.get("/media/products/muc.png", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret.png",
        "/media/%2e%2e/secret.png",
        "/media/products/../../secret.png",
        "/media/products/..%2f..%2fsecret.png",
        "/media//etc/passwd",
        "/media/products/.hidden.png",
        "/media/products/notes.txt",
        "/media/products/missing.png",
        "/media/products/muc.png%00.txt",
        "/media/C:/Windows/win.ini",
    ],
)
def test_traversal_hidden_and_non_image_files_are_refused(client, media_root: Path, path: str) -> None:
    response = client.get(path, follow_redirects=True)
    assert response.status_code == 404
    assert response.data != PNG and b"private" not in response.data


def test_an_svg_cannot_run_script(client, media_root: Path) -> None:
    response = client.get("/media/drawing.svg")
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    assert "sandbox" in policy and "default-src 'none'" in policy and "script" not in policy


def test_media_root_comes_from_the_settings(app: Flask) -> None:
    assert os.path.isabs(app.config["MEDIA_ROOT"])
