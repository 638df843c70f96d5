"""Red seals on colour scans (extract/seal.py; issue 10, class 13): the date under a red
seal is read."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from PIL import Image, ImageChops, ImageDraw, ImageFont

from extract.identifiers.cn_dates import find_cn_dates
from extract.ocr import RapidOcrEngine
from extract.read import read_document
from extract.seal import SEAL_SHARE, for_ocr, red_ink_share

FONT = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
BOLD = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
DATE = "二〇九九年三月五日"
SEAL_RED = (205, 35, 40)


def sealed_page(seal: tuple[int, int, int] | None, *, colour: bool = True) -> Image.Image:
    """An A4-proportioned page at 150 dpi ending with an office's name and the date, and the
    office's seal (a ring, a star, the name round the ring in bold) stamped over the date in
    `seal`'s colour, ink over the page as a stamp leaves it."""
    page = Image.new("RGB", (1240, 1754), (250, 250, 246))
    draw = ImageDraw.Draw(page)
    font = ImageFont.truetype(str(FONT), 34)
    draw.text((150, 300), "被请求人立即停止制造、销售侵权产品。", font=font, fill=(20, 20, 20))
    draw.text((760, 1400), "某某省知识产权局", font=font, fill=(20, 20, 20))
    draw.text((760, 1470), DATE, font=font, fill=(20, 20, 20))
    if seal:
        ink = Image.new("RGB", page.size, (255, 255, 255))
        stamp = ImageDraw.Draw(ink)
        cx, cy, r, size = 910, 1490, 130, 40
        stamp.ellipse((cx - r, cy - r, cx + r, cy + r), outline=seal, width=12)
        star = [(cx + 50 * math.cos(math.pi / 2 + k * 4 * math.pi / 5), cy - 50 * math.sin(math.pi / 2 + k * 4 * math.pi / 5))
                for k in range(5)]
        stamp.polygon(star, fill=seal)
        bold = ImageFont.truetype(str(BOLD), size)
        for k, ch in enumerate("某某省知识产权局专用章"):
            angle = math.pi * (0.95 - k * 0.09)
            stamp.text((cx + (r - size) * math.cos(angle) - size / 2, cy - (r - size) * math.sin(angle) - size / 2), ch,
                       font=bold, fill=seal)
        page = ImageChops.multiply(page, ink)  # ink over the page: black words stay black under red
    return page if colour else page.convert("L")


def test_a_red_seal_is_found_and_fades_in_the_red_channel():
    page = sealed_page(SEAL_RED)
    assert red_ink_share(page) >= SEAL_SHARE
    grey = for_ocr(page)
    assert grey.mode == "L"
    x, y = 910, 1366  # on the seal's ring, away from the words
    assert grey.getpixel((x, y)) > 180 and page.convert("L").getpixel((x, y)) < 120


@pytest.mark.parametrize("page", [sealed_page(None), sealed_page((30, 30, 160)), sealed_page(SEAL_RED, colour=False)])
def test_pages_without_red_ink_are_read_as_before(page):
    assert red_ink_share(page.convert("RGB") if page.mode == "RGB" else page) < SEAL_SHARE
    assert for_ocr(page).tobytes() == page.convert("L").tobytes()


@pytest.mark.slow
@pytest.mark.skipif(not RapidOcrEngine.installed(), reason="rapidocr_onnxruntime is not installed (optional)")
def test_the_date_under_a_red_seal_is_read_from_a_colour_scan(tmp_path):
    """Read in grey, this page gives no date at all (checked when the test was written)."""
    scan = tmp_path / "sealed.pdf"
    sealed_page(SEAL_RED).save(scan, "PDF", resolution=150)
    document = read_document(scan, ocr=RapidOcrEngine())
    assert [d.value for d in find_cn_dates(document.text)] == ["2099-03-05"]
