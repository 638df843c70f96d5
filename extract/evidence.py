"""Turning a span of `Document.text` into evidence: the text as printed, its page, its box.

A value printed over two lines or pages gets one entry per piece (contract §1).
"""

from __future__ import annotations

from extract.model import Box, Document, Evidence

# Two characters whose tops differ by more than this many points sit on different lines.
_SAME_LINE_TOLERANCE = 3.0


def evidence_for(doc: Document, field: str, start: int, end: int) -> list[Evidence]:
    """Evidence for `doc.text[start:end]`: one entry per printed line the span covers.

    Characters the reader inserted (no box) stay in the text of the piece they sit in.
    For documents without positions (DOCX) a single entry with `bbox=None` is returned.
    """
    start, end = max(0, start), min(len(doc.text), end)
    if start >= end:
        return []
    pieces: list[tuple[int, int, list[Box]]] = []  # (start, end, boxes) per printed line
    current_start, current_boxes = start, []
    for i in range(start, end):
        box = doc.boxes[i] if i < len(doc.boxes) else None
        if doc.text[i] == "\n":
            if i > current_start:
                pieces.append((current_start, i, current_boxes))
            current_start, current_boxes = i + 1, []
            continue
        if box is None:
            continue
        if current_boxes and _starts_new_line(current_boxes[-1], box):
            pieces.append((current_start, i, current_boxes))
            current_start, current_boxes = i, []
        current_boxes.append(box)
    if end > current_start:
        pieces.append((current_start, end, current_boxes))

    entries: list[Evidence] = []
    for piece_start, piece_end, boxes in pieces:
        text = doc.text[piece_start:piece_end].strip()
        if not text:
            continue
        if boxes:
            bbox = (
                round(min(b.x0 for b in boxes), 2),
                round(min(b.top for b in boxes), 2),
                round(max(b.x1 for b in boxes), 2),
                round(max(b.bottom for b in boxes), 2),
            )
            entries.append(Evidence(field, boxes[0].page, text, bbox))
        else:
            entries.append(Evidence(field, doc.page_at(piece_start), text, None))
    return entries


def _starts_new_line(previous: Box, box: Box) -> bool:
    return box.page != previous.page or abs(box.top - previous.top) > _SAME_LINE_TOLERANCE


def document_from_text(text: str) -> Document:
    """A Document with no positions (one page): for DOCX-like inputs and for tests."""
    return Document(text=text, boxes=(None,) * len(text), pages=1, page_of_char=(1,) * len(text))
