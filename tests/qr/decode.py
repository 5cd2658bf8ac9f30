"""A real QR decoder for the tests: Debian's zbarimg (zbar-tools), and SVG rendered to PNG by CairoSVG."""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ZBARIMG = shutil.which("zbarimg")


def require_decoder() -> None:
    if ZBARIMG is None:
        if os.environ.get("CI"):
            pytest.fail("zbarimg is missing: .ci/run installs zbar-tools")
        pytest.skip("zbarimg (Debian zbar-tools) is not installed")


def decode_png(png: bytes) -> list[str]:
    """Every QR code zbarimg finds in the picture, as text."""
    require_decoder()
    assert ZBARIMG is not None
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "code.png"
        path.write_bytes(png)
        result = subprocess.run(
            [ZBARIMG, "--quiet", "--raw", "-Sdisable", "-Sqrcode.enable", str(path)],
            capture_output=True,
            text=True,
            timeout=30,
        )
    return [line for line in result.stdout.splitlines() if line]


def svg_to_png(svg: bytes, scale: float = 1.0) -> bytes:
    import cairosvg

    # A white page behind the symbol, as on a label: the SVG itself leaves the light modules transparent.
    return cairosvg.svg2png(bytestring=svg, scale=scale, background_color="white")
