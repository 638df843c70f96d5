"""Scanned variants: a PDF printed, fed through a scanner, saved as an image-only PDF.

`scan_pdf(pdf, out, seed)` rasterises each page with pdftoppm (200 dpi, grayscale), turns it
by a small angle, adds a little grain and blur, JPEG-compresses it, and assembles the pages
into one image-only PDF. All randomness comes from `seed` (the document id), so a rebuild
gives the same images.
"""

from __future__ import annotations

import io
import random
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageChops, ImageFilter

PDFTOPPM = "pdftoppm"
DPI = 200
MAX_PAGE_BYTES = 300_000


@dataclass(frozen=True, slots=True)
class ScanStyle:
    """How rough the scanner is."""

    min_angle: float = 0.3  # degrees, either direction
    max_angle: float = 1.2
    max_shift_px: int = 14  # the sheet lies a little off the scanner's corner
    grain: int = 6  # noise amplitude, ± grey levels before blurring
    blur_radius: float = 0.7
    paper_grey: int = 244  # white paper scans a little grey
    jpeg_quality: int = 40


DEFAULT_STYLE = ScanStyle()


def scan_pdf(pdf: Path, out: Path, seed: str, style: ScanStyle = DEFAULT_STYLE) -> list[int]:
    """Write the scanned variant of `pdf` to `out`; returns the JPEG size of each page in bytes."""
    rng = random.Random(f"scan:{seed}")
    with tempfile.TemporaryDirectory(prefix="corpus-scan-") as scratch:
        prefix = Path(scratch) / "page"
        subprocess.run(
            [PDFTOPPM, "-r", str(DPI), "-gray", str(pdf), str(prefix)],
            check=True,
            capture_output=True,
            timeout=300,
        )
        rasters = sorted(Path(scratch).glob("page*.pgm"))
        pages = [_scanned_page(Image.open(raster), rng, style) for raster in rasters]
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(image_pdf(pages, DPI))
    return [len(page) for page in pages]


def image_pdf(jpeg_pages: list[bytes], dpi: int) -> bytes:
    """A PDF with one grayscale JPEG per page, embedded as is (no re-encoding, no dates)."""
    objects: list[bytes] = []  # object n is objects[n - 1]
    page_numbers = [3 + 3 * index for index in range(len(jpeg_pages))]
    kids = " ".join(f"{number} 0 R" for number in page_numbers)
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {len(jpeg_pages)} >>".encode())
    for number, jpeg in zip(page_numbers, jpeg_pages, strict=True):
        width, height = Image.open(io.BytesIO(jpeg)).size
        points_w, points_h = width * 72 / dpi, height * 72 / dpi
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {points_w:.2f} {points_h:.2f}] "
            f"/Resources << /XObject << /Im0 {number + 1} 0 R >> >> /Contents {number + 2} 0 R >>".encode()
        )
        objects.append(
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceGray "
            f"/BitsPerComponent 8 /Filter /DCTDecode /Length {len(jpeg)} >>\nstream\n".encode()
            + jpeg
            + b"\nendstream"
        )
        drawing = f"q {points_w:.2f} 0 0 {points_h:.2f} 0 0 cm /Im0 Do Q".encode()
        objects.append(f"<< /Length {len(drawing)} >>\nstream\n".encode() + drawing + b"\nendstream")
    output = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(output))
        output += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(output)
    output += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    output += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    output += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(output)


def _scanned_page(page: Image.Image, rng: random.Random, style: ScanStyle) -> bytes:
    """One page as a scanner returns it, JPEG-encoded (quality lowered until it fits)."""
    page = page.convert("L")
    # paper is not pure white: map 255 to the paper grey, keep black black
    page = page.point(lambda value: value * style.paper_grey // 255)
    angle = rng.uniform(style.min_angle, style.max_angle) * rng.choice((-1, 1))
    shift = (
        rng.randint(-style.max_shift_px, style.max_shift_px),
        rng.randint(-style.max_shift_px, style.max_shift_px),
    )
    page = page.rotate(
        angle, resample=Image.Resampling.BICUBIC, expand=False, translate=shift, fillcolor=style.paper_grey
    )
    noise = Image.frombytes("L", page.size, rng.randbytes(page.size[0] * page.size[1]))
    # bytes 0..255 → 0..2·grain, then added with offset −grain: ± grain grey levels
    noise = noise.point(lambda value: value * 2 * style.grain // 255)
    page = ImageChops.add(page, noise, scale=1.0, offset=-style.grain)
    page = page.filter(ImageFilter.GaussianBlur(style.blur_radius))
    quality = style.jpeg_quality
    while True:
        buffer = io.BytesIO()
        page.save(buffer, "JPEG", quality=quality, optimize=True)
        if buffer.tell() <= MAX_PAGE_BYTES or quality <= 20:
            return buffer.getvalue()
        quality -= 5
