"""Matching accused products against the catalogue of listed products, precision first.

Public surface: `match(ruling, catalogue) -> list[Match]` (block, score field by field,
decide auto/review/rejected, explain in `because`), `MemoryCatalogue(items)` for items held
in memory (the database one is `store.blocking.StoreCatalogue`), and the types in
`matching.model`. Normalisers: `matching.companies.company_key` (the project's one company
name normaliser), `matching.names.parse_name`, `matching.forms`, `matching.strengths`.
"""

from matching.catalogue import MemoryCatalogue
from matching.match import match

__all__ = ["MemoryCatalogue", "match"]
