"""Validators, normalisers and finders for the identifiers printed in rulings.

Every finder takes the text as printed (`Document.text`) and returns `Found` items whose
(start, end) are offsets into that same string, with the normalised value beside the raw
slice. Modules: `uscc`, `patent_numbers`, `case_numbers`, `cn_dates`, `approval_numbers`,
`product_codes`, `money`, `specifications`.
"""

from extract.identifiers.found import Found, fold_width

__all__ = ["Found", "fold_width"]
