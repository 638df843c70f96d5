"""Red seals on colour scans: the office's or court's seal (印章) is stamped in red over the
signature and the date. Rendered to grey, red ink is as dark as the words under it and OCR
loses the date. In the red channel red ink is nearly as light as paper while black and blue
ink stay dark, so a page with a seal is read in its red channel, the seal's remaining ghost
(and a JPEG's blurred seal edges) lifted to paper. Pure functions on PIL images.
"""

from __future__ import annotations

from PIL import Image, ImageChops

# A pixel of seal ink: red exceeds both green and blue by this much ("红章" is about
# (200, 40, 40) on a scan).
RED_OVER_OTHERS = 60
# A page has a seal when at least this share of its pixels is seal ink (a 4 cm seal on A4 is ~2%).
SEAL_SHARE = 0.002
# In the red channel a seal is light grey (~200) and its JPEG-blurred edges ~150; words stay
# under ~100. From here up is paper. (Measured on a stamped page: 110–150 read the date under
# the seal, 170 lost a character to the edges' speckle.)
PAPER_FROM = 140


def red_ink_share(image: Image.Image) -> float:
    """The share of `image`'s pixels that are red ink (0 for a grey image)."""
    if image.mode != "RGB":
        return 0.0
    red, green, blue = image.split()
    redness = ImageChops.subtract(red, ImageChops.lighter(green, blue))  # r − max(g, b), clipped at 0
    return sum(redness.histogram()[RED_OVER_OTHERS:]) / (image.width * image.height)


def for_ocr(image: Image.Image) -> Image.Image:
    """The grey image OCR reads: the red channel with light greys lifted to paper when the
    page carries a red seal (the seal fades, the words under it stay), else the luminance."""
    if image.mode == "L":
        return image
    rgb = image.convert("RGB")
    if red_ink_share(rgb) >= SEAL_SHARE:
        return rgb.split()[0].point(lambda v: 255 if v >= PAPER_FROM else v)
    return rgb.convert("L")
