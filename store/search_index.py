"""The ranked full-text index of the registered rulings (issue 5, item 7): an embedded
tantivy index on disk under the data folder's `index/`. The database stays the source of
truth; the index is rebuilt from it (`rulingdesk index rebuild`) and kept up to date when a
ruling is registered or corrected (`ruling_saved`).

Chinese text is pre-tokenised here and indexed with tantivy's whitespace tokenizer in two
fields: `grams` holds the character bigrams of every run of Chinese characters (plus ASCII
words, lower-cased), so any substring of two or more characters is a phrase of bigrams;
`words` holds jieba's search-mode words (the project's segmenter with its user dictionary)
and only lifts the score of rulings where the query is a whole word. Filters are term,
regex (substring of a name) and range queries on raw fields.
"""

from __future__ import annotations

import functools
import json
import logging
import re
import threading
import time
import weakref
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import tantivy
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from store.desk_tables import Correction, RulingRecord, StoredFile
from store.ruling_fields import apply_corrections, current_of
from store.ruling_search import Hit, snippets

log = logging.getLogger(__name__)

INDEX_DIR = "index"
SCHEMA_VERSION = "3"  # bump when the fields change; an index of another version is not used until rebuilt
NGRAM_SIZES = (3, 4)  # Chinese substrings indexed as single terms (bigrams are in `grams`)
WORD_BOOST = 2.0  # weight of a whole jieba word over bare bigram matches
WRITER_HEAP = 50_000_000  # bytes; tantivy's minimum is 15 MB
# How long a writer waits for another process's writer (a rebuild while the desk runs, or
# the desk's update while a rebuild runs) before giving up; a 100,000-ruling rebuild takes
# minutes, a ruling's update well under a second.
WRITER_WAIT = 600.0  # seconds
WRITER_POLL = 0.2  # seconds between attempts


class IndexBusyError(RuntimeError):
    """Another process kept the index's writer lock for longer than WRITER_WAIT."""

# A run of Chinese characters, or an ASCII word with inner dots/dashes,
# e.g. "利伐沙班片", "ZL201510123456.7", "H20180045"
TOKEN_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+|[0-9A-Za-z]+(?:[.\-/][0-9A-Za-z]+)*")
# A run of Chinese characters, e.g. "利伐沙班"
CHINESE_RUN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]+")
# A jieba word worth indexing: a Chinese or alphanumeric word, e.g. "利伐沙班", "2015"
INDEXED_WORD = re.compile(r"^[\u3400-\u9fff\uf900-\ufaff0-9A-Za-z][\u3400-\u9fff\uf900-\ufaff0-9A-Za-z.\-]*$")
# Spaces inside a patent number, e.g. "ZL 2015 1012 3456.7"
PATENT_SPACES = re.compile(r"\s+")

NAME_FIELDS = ("authority", "party", "product")
_SKIPPED_KEYS = frozenset({"evidence", "warnings", "schema", "source", "bbox"})


@dataclass(frozen=True)
class IndexFilters:
    """What the hits must have. Names (authority, party, product) match any part of the
    name; the others match exactly."""

    authority: str | None = None
    document_type: str | None = None
    year: int | None = None  # of the decision date
    outcome: str | None = None  # outcome.disposition, e.g. "infringement_found"
    effective: bool | None = None
    party: str | None = None
    patent: str | None = None  # e.g. "ZL201510123456.7" (spaces ignored)
    product: str | None = None
    case_number: str | None = None


@dataclass(frozen=True)
class IndexedRuling:
    """A ruling as the index reads it: its current values (corrections applied)."""

    id: int
    current: dict[str, Any]
    filename: str = ""
    extra_text: str = ""  # more text to search (e.g. the full text, when it is kept)


# --- tokens ----------------------------------------------------------------------------


@functools.cache
def _segmenter():  # noqa: ANN202 - jieba.Tokenizer, loaded once per process
    from extract.nlp import make_segmenter

    return make_segmenter()


def grams(text: str) -> list[str]:
    """The bigram tokens of `text`: each run of Chinese characters as overlapping pairs (a
    lone character as itself), each ASCII word lower-cased, in reading order."""
    tokens: list[str] = []
    for run in TOKEN_RUN.findall(text):
        if CHINESE_RUN.fullmatch(run):
            tokens += [run] if len(run) == 1 else [run[i:i + 2] for i in range(len(run) - 1)]
        else:
            tokens.append(run.lower())
    return tokens


def ngrams(text: str) -> list[str]:
    """Every substring of NGRAM_SIZES characters of each run of Chinese characters in
    `text`, e.g. 利伐沙, 伐沙班, 利伐沙班 for 利伐沙班."""
    tokens: list[str] = []
    for run in CHINESE_RUN.findall(text):
        for size in NGRAM_SIZES:
            tokens += [run[i:i + size] for i in range(len(run) - size + 1)]
    return tokens


def words(text: str) -> list[str]:
    """jieba's search-mode words of `text` (sub-words of long words included), lower-cased,
    punctuation and spaces dropped. Dictionary words only (no HMM guessing of unknown words:
    15% faster, and the bigrams find those anyway)."""
    return [w.lower() for w in _segmenter().cut_for_search(text, HMM=False) if INDEXED_WORD.match(w)]


def normal_patent(number: str) -> str:
    """A patent number as the index keeps it: upper case, no spaces."""
    return PATENT_SPACES.sub("", number).upper()


def searchable_strings(value: Any) -> Iterator[str]:
    """Every string value of a ruling's JSON, evidence, warnings and source left out."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in _SKIPPED_KEYS:
                yield from searchable_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from searchable_strings(item)


def ruling_text(ruling: IndexedRuling) -> str:
    """The text searched and quoted in snippets: the ruling's strings, one a line, each once."""
    seen = dict.fromkeys(s.strip() for s in searchable_strings(ruling.current))
    lines = [s for s in seen if s]
    if ruling.extra_text:
        lines.append(ruling.extra_text)
    return "\n".join(lines)


# --- the index -------------------------------------------------------------------------


def _schema() -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("id", stored=True, indexed=True, fast=True)
    builder.add_integer_field("year", indexed=True, fast=True)
    builder.add_integer_field("date_key", fast=True)  # yyyymmdd, 0 when unknown
    builder.add_text_field("grams", tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("ngrams", tokenizer_name="whitespace", index_option="freq")
    builder.add_text_field("words", tokenizer_name="whitespace", index_option="freq")
    for name in ("document_type", "outcome", "effective", "patent"):
        builder.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in NAME_FIELDS:  # the bigrams of each name, for "any part of the name" filters
        builder.add_text_field(name, tokenizer_name="whitespace", index_option="position")
    builder.add_text_field("case_number", stored=True, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_text_field("summary", stored=True, tokenizer_name="raw", index_option="basic")
    builder.add_bytes_field("text", stored=True)
    return builder.build()


def prepare(ruling: IndexedRuling) -> dict[str, list]:
    """The index fields of `ruling` (name -> values), tokenised: the slow, pure part of
    indexing, so that it can run in worker processes."""
    current = ruling.current
    text = ruling_text(ruling)
    date = current.get("decision_date") or ""
    digits = date.replace("-", "")
    authority = (current.get("authority") or {}).get("name")
    fields: dict[str, list] = {
        "id": [ruling.id], "date_key": [int(digits) if digits.isdigit() else 0],
        "year": [int(date[:4])] if date[:4].isdigit() else [],
        "grams": [" ".join(grams(text))], "ngrams": [" ".join(ngrams(text))], "words": [" ".join(words(text))],
        "authority": [" ".join(grams(authority or ""))], "document_type": [current.get("document_type")],
        "outcome": [(current.get("outcome") or {}).get("disposition")],
        "effective": [json.dumps(current.get("effective"))], "case_number": [current.get("case_number")],
        "party": [" ".join(grams(p.get("name") or "")) for p in current.get("parties") or []],
        "patent": [normal_patent(p["number"]) for p in current.get("patents") or [] if p.get("number")],
        "product": [" ".join(grams(p.get("name") or "")) for p in current.get("products") or []],
    }
    summary = {"case_number": current.get("case_number"), "document_type": current.get("document_type"),
               "authority": authority, "decision_date": current.get("decision_date"),
               "effective": current.get("effective"), "filename": ruling.filename}
    fields["summary"] = [json.dumps(summary, ensure_ascii=False)]
    fields["text"] = [text.encode()]
    return {name: [v for v in values if v or v == 0] for name, values in fields.items()}


def _document(fields: dict[str, list]) -> tantivy.Document:
    doc = tantivy.Document()
    for name, values in fields.items():
        for value in values:
            if isinstance(value, bytes):
                doc.add_bytes(name, value)
            elif isinstance(value, int):
                doc.add_integer(name, value)
            else:
                doc.add_text(name, value)
    return doc


def _substring(name: str, word: str) -> tantivy.Query | None:
    """Field `name` (of bigram tokens) contains `word`: two or more Chinese characters as
    a phrase of bigrams; a lone character, or part of an ASCII word, by a regex over the
    field's tokens. None when `word` has nothing to search by."""
    tokens = grams(word)
    if not tokens:
        return None
    if len(tokens) > 1:
        return tantivy.Query.phrase_query(_SCHEMA, name, phrase_cover(tokens))
    token = tokens[0]
    if CHINESE_RUN.fullmatch(token) and len(token) == 2:
        return tantivy.Query.term_query(_SCHEMA, name, token)
    if CHINESE_RUN.fullmatch(token):
        # A lone character is in a bigram as its first or second half, or is a run of its
        # own: three patterns the term dictionary answers by seeking, where ".*型.*" would
        # read all of it (millions of numbers at 1,000,000 rulings: a third of a second).
        return tantivy.Query.regex_query(_SCHEMA, name, f"{token}.|.{token}|{token}")
    return tantivy.Query.regex_query(_SCHEMA, name, f".*{re.escape(token)}.*")


def phrase_cover(tokens: list[str]) -> list[tuple[int, str]]:
    """The fewest of a phrase's overlapping bigrams (with their offsets) that still spell
    every character: 利伐/伐沙/沙班/班片 -> (0, 利伐), (2, 沙班), (3, 班片). Fewer posting
    lists to walk, the same matches. A phrase holding an ASCII word is kept whole."""
    if not all(len(t) == 2 and CHINESE_RUN.fullmatch(t) for t in tokens):
        return list(enumerate(tokens))
    kept = list(range(0, len(tokens), 2))
    if kept[-1] != len(tokens) - 1:
        kept.append(len(tokens) - 1)
    return [(i, tokens[i]) for i in kept]


def _text_contains(word: str) -> tantivy.Query | None:
    """The rulings whose text contains `word`: one term of `ngrams` for three or four
    Chinese characters, otherwise a phrase of bigrams (see `_substring`)."""
    if CHINESE_RUN.fullmatch(word) and len(word) in NGRAM_SIZES:
        return tantivy.Query.term_query(_SCHEMA, "ngrams", word)
    return _substring("grams", word)


def _contains(name: str, part: str) -> tantivy.Query:
    return _substring(name, part) or tantivy.Query.all_query()


def _filter_queries(filters: IndexFilters) -> list[tantivy.Query]:
    term = functools.partial(tantivy.Query.term_query, _SCHEMA)
    found: list[tantivy.Query] = []
    if filters.authority:
        found.append(_contains("authority", filters.authority))
    if filters.party:
        found.append(_contains("party", filters.party))
    if filters.product:
        found.append(_contains("product", filters.product))
    if filters.document_type:
        found.append(term("document_type", filters.document_type))
    if filters.outcome:
        found.append(term("outcome", filters.outcome))
    if filters.effective is not None:
        found.append(term("effective", json.dumps(filters.effective)))
    if filters.patent:
        found.append(term("patent", normal_patent(filters.patent)))
    if filters.case_number:
        found.append(term("case_number", filters.case_number.strip()))
    if filters.year:
        found.append(tantivy.Query.range_query(_SCHEMA, "year", tantivy.FieldType.Integer,
                                               int(filters.year), int(filters.year)))
    return found


def build_query(query_words: Sequence[str], filters: IndexFilters = IndexFilters()) -> tantivy.Query:
    """Every word a substring (required), whole jieba words scoring higher, filters
    required without scoring."""
    must = tantivy.Occur.Must
    clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
    for word in query_words:
        required = _text_contains(word)
        clauses.append((must, required if required is not None else tantivy.Query.empty_query()))
        for whole in dict.fromkeys(words(word)):
            boosted = tantivy.Query.boost_query(tantivy.Query.term_query(_SCHEMA, "words", whole), WORD_BOOST)
            clauses.append((tantivy.Occur.Should, boosted))
    clauses += [(must, tantivy.Query.const_score_query(q, 0.0)) for q in _filter_queries(filters)]
    if not any(occur == must for occur, _ in clauses):
        clauses.append((must, tantivy.Query.all_query()))
    return tantivy.Query.boolean_query(clauses)


_SCHEMA = _schema()


@dataclass
class SearchIndex:
    """The index in `directory` (created when missing). Writes are serialised: within the
    process by a lock, between processes (a rebuild while the desk runs) by tantivy's lock
    file, which a later writer waits for (up to `wait` seconds), so no update is lost."""

    directory: Path
    _index: tantivy.Index = field(init=False)
    wait: float = WRITER_WAIT
    _lock: threading.Lock = field(default_factory=threading.Lock, init=False)

    def __post_init__(self) -> None:
        self.directory = Path(self.directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        marker = self.directory / "rulingdesk-version"
        fresh = not marker.exists() or marker.read_text().strip() != SCHEMA_VERSION
        self._index = tantivy.Index(_SCHEMA, path=str(self.directory), reuse=not fresh)
        if fresh:
            marker.write_text(SCHEMA_VERSION)

    def replace_all(self, rulings: Iterable[IndexedRuling], *, heap: int = 200_000_000) -> int:
        """Replace the whole index by `rulings` in one commit; returns how many."""
        return self.replace_prepared(map(prepare, rulings), heap=heap)

    def replace_prepared(self, prepared: Iterable[dict[str, list]], *, heap: int = 200_000_000) -> int:
        """`replace_all` for rulings already through `prepare`."""
        with self._lock:
            writer = self._writer(heap, None)
            writer.delete_all_documents()
            count = 0
            for fields in prepared:
                writer.add_document(_document(fields))
                count += 1
            writer.commit()
            writer.wait_merging_threads()
        self._index.reload()
        return count

    def _writer(self, heap: int, threads: int | None) -> tantivy.IndexWriter:
        """The index's writer, once no other process holds it; raises IndexBusyError when
        it is still held after `self.wait` seconds."""
        deadline = time.monotonic() + self.wait
        options: dict[str, int] = {"heap_size": heap} if threads is None else {"heap_size": heap, "num_threads": threads}
        while True:
            try:
                return self._index.writer(**options)
            except ValueError as error:
                if "LockBusy" not in str(error):
                    raise
                if time.monotonic() >= deadline:
                    raise IndexBusyError(
                        f"search index {self.directory} is being written by another process "
                        f"(waited {self.wait:.0f} s); try again when it has finished"
                    ) from error
                time.sleep(WRITER_POLL)

    def update(self, rulings: Iterable[IndexedRuling]) -> None:
        """Put the current values of `rulings` in place of what the index had for them."""
        with self._lock:
            writer = self._writer(WRITER_HEAP, 1)
            for ruling in rulings:
                writer.delete_documents_by_term("id", ruling.id)
                writer.add_document(_document(prepare(ruling)))
            writer.commit()
            writer.wait_merging_threads()
        self._index.reload()

    def search(self, query_words: Sequence[str], filters: IndexFilters = IndexFilters(), *,
               sort: str = "relevance", limit: int = 20, offset: int = 0) -> tuple[list[Hit], int]:
        """The rulings that contain every word and pass the filters, best first (or newest
        first with sort="date", by case number with sort="case"), with snippets around
        each word; and how many there are."""
        if limit < 1 or offset < 0:  # tantivy panics (not an Exception) on a limit of 0
            raise ValueError(f"limit must be at least 1 and offset not negative (got {limit}, {offset})")
        query_words = [w for w in query_words if w.strip()]
        searcher = self._index.searcher()
        query = build_query(query_words, filters)
        if sort == "date":
            result = searcher.search(query, limit, count=True, order_by_field="date_key", offset=offset,
                                     order=tantivy.Order.Desc)
        elif sort == "case":
            result = searcher.search(query, limit, count=True, order_by_field="case_number", offset=offset,
                                     order=tantivy.Order.Asc)
        else:
            result = searcher.search(query, limit, count=True, offset=offset)
        hits = []
        for _key, address in result.hits:
            doc = searcher.doc(address)
            summary = json.loads(doc.get_first("summary"))
            text = bytes(doc.get_first("text")).decode()
            as_written = [m.group(0) if (m := re.search(re.escape(w), text, re.IGNORECASE)) else w
                          for w in query_words]  # zl2015 is quoted as ZL2015
            hits.append(Hit(doc.get_first("id"), summary["case_number"], summary["document_type"],
                            summary["authority"], summary["decision_date"], summary["effective"],
                            summary["filename"], snippets(text, as_written)))
        return hits, result.count or 0

    def document_count(self) -> int:
        return self._index.searcher().num_docs

    def size_on_disk(self) -> int:
        return sum(p.stat().st_size for p in self.directory.rglob("*") if p.is_file())


def index_dir(home: Path) -> Path:
    return Path(home) / INDEX_DIR


def is_built(directory: Path) -> bool:
    """True when `directory` holds a built index of this version."""
    marker = Path(directory) / "rulingdesk-version"
    return (Path(directory) / "meta.json").exists() and marker.exists() and marker.read_text().strip() == SCHEMA_VERSION


def has_index(home: Path) -> bool:
    """True when the data folder holds a built index of this version (one built by an
    earlier version is not used: search reads the database until it is rebuilt)."""
    return is_built(index_dir(home))


# --- from the database ------------------------------------------------------------------


def indexed_rulings(engine: Engine, ids: Sequence[int] | None = None, *, batch: int = 500) -> Iterator[IndexedRuling]:
    """The registered rulings (all, or those in `ids`) with their corrections applied."""
    with Session(engine) as session:
        query = select(RulingRecord.id).order_by(RulingRecord.id)
        if ids is not None:
            query = query.where(RulingRecord.id.in_(list(ids)))
        all_ids = list(session.scalars(query))
        for start in range(0, len(all_ids), batch):
            chunk = all_ids[start:start + batch]
            rows = session.execute(select(RulingRecord, StoredFile.filename)
                                   .join(StoredFile, StoredFile.sha256 == RulingRecord.sha256)
                                   .where(RulingRecord.id.in_(chunk)).order_by(RulingRecord.id)).all()
            fixes: dict[int, list[tuple[str, Any]]] = {}
            for c in session.scalars(select(Correction).where(Correction.ruling_id.in_(chunk)).order_by(Correction.id)):
                fixes.setdefault(c.ruling_id, []).append((c.field, json.loads(c.value)))
            for row, filename in rows:
                current = current_of(apply_corrections(json.loads(row.extracted), fixes.get(row.id, [])))
                yield IndexedRuling(row.id, current, filename)


def rebuild(engine: Engine, home: Path) -> int:
    """Rebuild the index of the data folder `home` from the database; returns how many rulings."""
    return SearchIndex(index_dir(home)).replace_all(indexed_rulings(engine))


# The index each engine's rulings go to (set by the desk at start-up), so that storing
# code that knows only the engine can keep the index current.
_ATTACHED: weakref.WeakKeyDictionary[Engine, SearchIndex] = weakref.WeakKeyDictionary()


def attach(engine: Engine, home: Path) -> SearchIndex | None:
    """Keep the index of `home` current for the rulings stored through `engine`, when
    that index has been built (`rulingdesk index rebuild`); returns it, or None."""
    if not has_index(home):
        return None
    _ATTACHED[engine] = index = SearchIndex(index_dir(home))
    return index


def index_for(engine: Engine, home: Path) -> SearchIndex | None:
    """The index attached to `engine`, attaching the data folder's when it has been built
    since; None when there is none (search then scans the database)."""
    return _ATTACHED.get(engine) or attach(engine, home)


def ruling_saved(engine: Engine, ruling_id: int) -> None:
    """The hook for storing code: ruling `ruling_id` was registered or corrected (and
    committed). Re-indexes it when an index is attached to `engine`; otherwise nothing."""
    index = _ATTACHED.get(engine)
    if index is None:
        return
    try:
        index.update(indexed_rulings(engine, [ruling_id]))
    except Exception:  # noqa: BLE001 - the database has the ruling; a rebuild repairs the index
        log.exception("search index: ruling %s not re-indexed (run `rulingdesk index rebuild`)", ruling_id)
