"""The Chinese NLP pipeline of the extraction stage: jieba segmentation inside a blank spaCy
`zh` pipeline, plus rule-based organisation names, and a dictionary scan for drug names.

- `load_pipeline()`: the spaCy `Language`, built once (cached). Its tokenizer is our own
  `jieba.Tokenizer()` instance with its own user dictionary (`patterns/userdict.txt`), never
  jieba's global one. The `OrganisationNames` component (a spaCy `Matcher`) labels COMPANY,
  COURT and IP_OFFICE by growing names leftwards from their last word (有限公司, 法院,
  知识产权局); `doc.ents` holds the longest non-overlapping names. The pipeline is not meant
  to be saved with `nlp.to_disk` (the tokenizer has no serialisation). spaCy and jieba are
  imported only when it is first built (a few seconds).
- `find_entities(text, select=...)`: the entities with offsets into `text`, optionally only
  for the paragraphs (lines) a predicate selects, so a long ruling costs what its relevant
  paragraphs cost.
- `organisation_ending_at(text, end, select)` / `organisation_starting_at(text, start, select)`:
  the organisation whose name ends (starts) exactly there, with its exact bounds
  ("取得康迈诺公司生产的" → 康迈诺公司): the production path's uses of the pipeline (the maker
  printed before a product, `products.find_mentions`; a party named in the history sentence
  that the cause's words do not end, `parties.history_parties`).
- `drug_name_spans(text)`: drug product names (利伐沙班片, 艾地骨化醇软胶囊, 注射用紫杉醇) found
  by a dictionary scan that does not depend on segmentation; cheap on a whole document.

Pattern files are checked when loaded; a bad line raises `PatternFileError` naming the file
and line.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extract import company_suffixes
from extract.identifiers.found import fold_width
from extract.salts import salts

if TYPE_CHECKING:  # spaCy and jieba are imported only when a pipeline is built
    import jieba
    from spacy.language import Language
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

PATTERN_DIR = Path(__file__).resolve().parent / "patterns"
ORGANISATION_FILE = "organisations.jsonl"
MAX_NAME_TOKENS = 12  # tokens before 有限公司/法院/知识产权局 that can belong to the name
LABELS = frozenset({"DRUG", "DOSAGE_FORM", "COMPANY", "COURT", "IP_OFFICE", "LEGAL_TERM"})
ORGANISATION_LABELS = frozenset({"COMPANY", "COURT", "IP_OFFICE"})

# A token that can be part of an organisation's name: Chinese characters only.
NAME_PART_RE = re.compile(r"[\u4e00-\u9fff]+")
# A token that ends another organisation's name: the name being grown stops there. Not 院/所:
# "北京澄明医药研究院有限公司" is one name.
ORGANISATION_END_RE = re.compile(r"(?:公司|法院|局)$")
# A date or a count ends a name: "二〇九八年海瑞公司" → 海瑞公司 (jieba gives 九八年 one token).
NUMBERED_RE = re.compile(r"[〇零一二三四五六七八九十百千0-9０-９]+[年月日号]")
# Words of a ruling's prose that stop a name growing (the generated `name_breakers.txt` does not
# hold them): "经查明星岚公司", "案外人丙公司".
PROSE_BREAKERS = frozenset({"案外人", "查明", "经查", "经查明", "另查明", "载明", "标明", "均为"})
# A conjunction inside an unknown name, between single characters: "皖和堂公司" (皖|和|堂|公司);
# "甲公司和乙公司", "原告和乙公司" still stop at it.
INNER_JOINERS = frozenset({"和"})
# Brackets inside a name: "沪康联合（上海）医药供应链管理有限公司"; what they may hold.
OPEN_BRACKETS = frozenset("（(")
CLOSE_BRACKETS = frozenset("）)")
BRACKETED_PART_RE = re.compile(r"[\u4e00-\u9fffA-Za-z]+")
# A branch's name runs through its parent's: "福建闽瑞医疗器械有限公司厦门分公司".
BRANCH_SUFFIXES = ("分公司", "分厂", "分院")
# An ordinal inside a branch's name: "浦东第二分公司".
ORDINAL_RE = re.compile(r"第[一二三四五六七八九十百0-9]+")
# Organisation suffixes that name nobody when nothing precedes them: the company-name ends
# (有限公司, 集团, 厂, 研究院 …, from patterns/company_suffixes.tsv) and these.
GENERIC_SUFFIXES = frozenset(
    {*company_suffixes.words(company_suffixes.LEGAL, company_suffixes.COMPANY, company_suffixes.INSTITUTE, latin=False),
     "分公司", "总公司", "法院", "人民法院", "中级人民法院", "高级人民法院", "知识产权法院", "知识产权局"}
)  # fmt: skip
# A numbered variant after a product name: "恩格列净二甲双胍片（Ⅰ）", "头孢克洛缓释片(Ⅱ)".
VARIANT_SUFFIX_RE = re.compile(r"[(（][ⅠⅡⅢⅣⅤⅥIVX0-9]{1,4}[)）]")


class PatternFileError(ValueError):
    """A dictionary file in `extract/patterns/` is malformed (message names file and line)."""


@dataclass(frozen=True)
class Entity:
    """A labelled span of a text."""

    start: int  # offset into the text given to `find_entities`
    end: int
    label: str  # one of LABELS
    text: str  # text[start:end]


# --- pattern files ---------------------------------------------------------------------


def _check_token_pattern(pattern: list[Any], where: str) -> None:
    if not pattern or not all(isinstance(token, dict) and token for token in pattern):
        raise PatternFileError(f"{where}: a token pattern must be a non-empty list of non-empty objects")


def load_pattern_file(path: Path) -> list[dict[str, Any]]:
    """The patterns of one JSON Lines file, each checked: an object with `label` in LABELS,
    `pattern` a non-empty string or a list of token objects, optional string `id`.
    Blank lines are skipped. Raises PatternFileError("<file>:<line>: <what is wrong>")."""
    patterns = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{path.name}:{number}"
        try:
            entry = json.loads(line)
        except json.JSONDecodeError as error:
            raise PatternFileError(f"{where}: not JSON ({error.msg})") from None
        if not isinstance(entry, dict):
            raise PatternFileError(f"{where}: expected a JSON object")
        if entry.get("label") not in LABELS:
            raise PatternFileError(f"{where}: label {entry.get('label')!r} is not one of {sorted(LABELS)}")
        pattern = entry.get("pattern")
        if isinstance(pattern, list):
            _check_token_pattern(pattern, where)
        elif not isinstance(pattern, str) or not pattern.strip():
            raise PatternFileError(f"{where}: pattern must be a non-empty string or a list of tokens")
        if not isinstance(entry.get("id", ""), str):
            raise PatternFileError(f"{where}: id must be a string")
        unknown = set(entry) - {"label", "pattern", "id"}
        if unknown:
            raise PatternFileError(f"{where}: unknown keys {sorted(unknown)}")
        patterns.append(entry)
    return patterns


def _read_word_list(path: Path) -> tuple[str, ...]:
    return tuple(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip())


# --- the tokenizer ---------------------------------------------------------------------


class JiebaTokenizer:
    """A spaCy tokenizer that segments with one `jieba.Tokenizer` instance.

    Promise: `tokenizer(text).text == text` (every character, whitespace included, belongs to
    exactly one token; no token carries a trailing space).
    """

    def __init__(self, vocab: Vocab, segmenter: jieba.Tokenizer) -> None:
        self.vocab = vocab
        self.segmenter = segmenter

    def __call__(self, text: str) -> Doc:
        from spacy.tokens import Doc

        # HMM off: jieba's new-word guessing glues particles to unknown names (对宏泽|公司);
        # unknown names come out as single characters instead, which the rules handle.
        words = [word for word, _start, _end in self.segmenter.tokenize(text, HMM=False)]
        return Doc(self.vocab, words=words, spaces=[False] * len(words))


def make_segmenter(userdict: Path = PATTERN_DIR / "userdict.txt") -> jieba.Tokenizer:
    """A fresh `jieba.Tokenizer` with jieba's default dictionary plus `userdict`."""
    import jieba

    jieba.setLogLevel(logging.WARNING)  # jieba logs its dictionary loading on stderr at DEBUG
    segmenter = jieba.Tokenizer()
    segmenter.initialize()
    with userdict.open("rb") as handle:  # jieba leaves a file it opened itself unclosed
        segmenter.load_userdict(handle)
    return segmenter


# --- the pipeline ------------------------------------------------------------------------


class OrganisationNames:
    """Pipeline component: COMPANY, COURT and IP_OFFICE spans.

    `organisations.jsonl` matches the LAST token of a name (…有限公司, …法院, …知识产权局); the
    name then grows leftwards over Chinese tokens until a breaker word (`name_breakers.txt`:
    判令, 侵害, 关于, 原告…), another organisation's end, punctuation or MAX_NAME_TOKENS;
    a short bracketed part is taken in (…联合（上海）医药…), and a branch (…分公司) runs
    through its parent's name.
    A bare suffix (公司 alone) is dropped. Spans join `doc.ents` (longest wins).
    """

    def __init__(self, nlp: Language, patterns: list[dict[str, Any]], breakers: frozenset[str]) -> None:
        from spacy.matcher import Matcher

        self.matcher = Matcher(nlp.vocab, validate=True)
        for entry in patterns:
            self.matcher.add(entry["label"], [entry["pattern"]])
        self.breakers = breakers

    def _name_part(self, text: str) -> bool:
        return (
            NAME_PART_RE.fullmatch(text) is not None
            and text not in self.breakers
            and text not in PROSE_BREAKERS
            and NUMBERED_RE.fullmatch(text) is None
            and ORGANISATION_END_RE.search(text) is None
        )

    def _bracket_start(self, doc: Doc, close: int) -> int | None:
        """Index of the "（" that opens a bracketed part of a name closed at `close`
        (沪康联合（上海）医药…), None when the brackets do not hold a short name part."""
        for index in range(close - 1, max(close - 5, -1), -1):
            text = doc[index].text
            if text in OPEN_BRACKETS:
                return index if index < close - 1 else None
            if not BRACKETED_PART_RE.fullmatch(text) or text in self.breakers:
                return None
        return None

    def _name_start(self, doc: Doc, start: int) -> int:
        """Index of the first token of the name whose last token is `doc[start]`."""
        branch = doc[start].text.endswith(BRANCH_SUFFIXES)  # …有限公司浦东第二分公司
        first = start
        while first > 0 and start - first < MAX_NAME_TOKENS:
            text = doc[first - 1].text
            if text in CLOSE_BRACKETS and (opening := self._bracket_start(doc, first - 1)) is not None:
                if opening == 0 or not self._name_part(doc[opening - 1].text):
                    break  # "（反诉原告）河北…": brackets before the name are not part of it
                first = opening
            elif self._name_part(text) or (branch and ORDINAL_RE.fullmatch(text)):
                first -= 1
            elif (
                text in INNER_JOINERS
                and first >= 2
                and len(doc[first - 2].text) == 1
                and self._name_part(doc[first - 2].text)
            ):
                first -= 1  # 皖和堂: the character before 和 is taken next
            elif branch and NAME_PART_RE.fullmatch(text) and ORGANISATION_END_RE.search(text):
                branch = False  # the parent company's name: go on through it, once
                first -= 1
            else:
                break
        return first

    def __call__(self, doc: Doc) -> Doc:
        from spacy.tokens import Span
        from spacy.util import filter_spans

        spans = []
        for match_id, start, end in self.matcher(doc):
            first = self._name_start(doc, start)
            alone = doc[start].text
            if first == start and (alone in GENERIC_SUFFIXES or alone in self.breakers or len(alone) < 4):
                continue  # "有限公司", "人民法院", "药厂" alone name nobody; "出厂" is a verb
            label = doc.vocab.strings[match_id]
            spans.append(Span(doc, first, end, label=label))
        if spans:
            doc.ents = filter_spans(list(doc.ents) + spans)
        return doc


ORGANISATION_FACTORY = "rulingdesk_organisation_names"


def _make_organisation_names(nlp: Language, name: str, pattern_dir: str) -> OrganisationNames:
    folder = Path(pattern_dir)
    return OrganisationNames(
        nlp,
        load_pattern_file(folder / ORGANISATION_FILE),
        frozenset(_read_word_list(folder / "name_breakers.txt")),
    )


def _register_organisation_factory() -> None:
    from spacy.language import Language

    if not Language.has_factory(ORGANISATION_FACTORY):
        Language.factory(ORGANISATION_FACTORY, default_config={"pattern_dir": str(PATTERN_DIR)})(
            _make_organisation_names
        )


def build_pipeline(pattern_dir: Path = PATTERN_DIR) -> Language:
    """A new pipeline from the files in `pattern_dir` (see `load_pipeline` for the cached one)."""
    import spacy

    nlp = spacy.blank("zh")
    nlp.tokenizer = JiebaTokenizer(nlp.vocab, make_segmenter(pattern_dir / "userdict.txt"))
    _register_organisation_factory()
    nlp.add_pipe(ORGANISATION_FACTORY, config={"pattern_dir": str(pattern_dir)})
    return nlp


@lru_cache(maxsize=1)
def load_pipeline() -> Language:
    """The extraction pipeline, built on first use and shared afterwards."""
    return build_pipeline()


def _entities(doc: Doc, offset: int) -> list[Entity]:
    return [Entity(ent.start_char + offset, ent.end_char + offset, ent.label_, ent.text) for ent in doc.ents]


def find_entities(text: str, select: Callable[[str], bool] | None = None) -> list[Entity]:
    """Entities of `text` with offsets into `text`.

    With `select`, only the paragraphs (lines of `Document.text`) for which `select(line)` is
    true are run through the pipeline: e.g. `select=lambda p: "被告" in p or "产品" in p`.
    """
    nlp = load_pipeline()
    paragraphs: list[tuple[int, str]] = []
    offset = 0
    for line in text.split("\n"):
        if line.strip() and (select is None or select(line)):
            paragraphs.append((offset, line))
        offset += len(line) + 1
    found: list[Entity] = []
    for (start, _line), doc in zip(paragraphs, nlp.pipe(line for _start, line in paragraphs), strict=True):
        found.extend(_entities(doc, start))
    return found


@lru_cache(maxsize=4)
def _organisations(text: str, select: Callable[[str], bool]) -> tuple[Entity, ...]:
    return tuple(e for e in find_entities(text, select) if e.label in ORGANISATION_LABELS)


def organisation_ending_at(text: str, end: int, select: Callable[[str], bool]) -> Entity | None:
    """The organisation (COMPANY, COURT, IP_OFFICE) whose name ends exactly at `end` in `text`,
    None when none does (a person, a pronoun: "我公司", "张三"). The pipeline reads only the
    paragraphs `select` picks (the one holding `end` must be one of them), once per text and
    predicate, and loads on the first call."""
    return next((e for e in _organisations(text, select) if e.end == end), None)


def organisation_starting_at(text: str, start: int, select: Callable[[str], bool]) -> Entity | None:
    """The organisation whose name starts exactly at `start` in `text` (a party named in the
    history before words no rule knows: "…制药股份有限公司因专利无效行政胶葛一案"), else None;
    read as `organisation_ending_at` reads."""
    return next((e for e in _organisations(text, select) if e.start == start), None)


# --- drug product names by dictionary scan -----------------------------------------------


@dataclass(frozen=True)
class DrugLexicon:
    """Names for `drug_name_spans`, indexed by first character for a fast left-to-right scan."""

    ingredients: frozenset[str]  # 利伐沙班, 盐酸二甲双胍
    products: frozenset[str]  # whole product names listed in the data: 阿卡波糖片
    forms: frozenset[str]  # dosage forms that end a name: 片, 软胶囊
    prefix_forms: frozenset[str]  # dosage forms that start a name: 注射用
    salts: frozenset[str]  # 盐酸, 富马酸
    lengths: dict[str, tuple[int, ...]]  # first char → name lengths, longest first

    @classmethod
    def from_names(
        cls, ingredients: Iterable[str], products: Iterable[str], forms: Iterable[str], salts: Iterable[str]
    ) -> DrugLexicon:
        """A lexicon from plain name lists (the prefix forms are the forms ending in 用)."""
        forms = {fold_width(f) for f in forms}
        prefix_forms = frozenset(f for f in forms if f.endswith("用"))
        sets = [frozenset(fold_width(n) for n in names) for names in (ingredients, products)]
        all_names = set().union(*sets, forms, salts)
        lengths: dict[str, set[int]] = {}
        for name in all_names:
            lengths.setdefault(name[0], set()).add(len(name))
        return cls(
            sets[0], sets[1], frozenset(forms - prefix_forms), prefix_forms, frozenset(salts),
            {c: tuple(sorted(ls, reverse=True)) for c, ls in lengths.items()},
        )  # fmt: skip

    def _ends(self, text: str, start: int, names: frozenset[str]) -> list[int]:
        """Ends of the names of `names` that start at `start`, longest first."""
        return [
            start + n
            for n in self.lengths.get(text[start : start + 1], ())
            if text[start : start + n] in names
        ]

    def product_end(self, text: str, start: int) -> int | None:
        """End of the longest drug product name starting at `start` in (folded) `text`."""
        best = max(self._ends(text, start, self.products), default=None)
        for form_end in self._ends(text, start, self.prefix_forms):  # 注射用 + ingredient
            for end in self._ends(text, form_end, self.ingredients):
                best = max(best or end, end)
        heads = [start, *self._ends(text, start, self.salts)]
        for head in heads:  # [salt] ingredient{1,3} form
            frontier = self._ends(text, head, self.ingredients)
            for _ in range(3):
                for ingredient_end in frontier:
                    for end in self._ends(text, ingredient_end, self.forms):
                        best = max(best or end, end)
                frontier = [e for f in frontier for e in self._ends(text, f, self.ingredients)]
        if best is not None and (variant := VARIANT_SUFFIX_RE.match(text, best)):
            best = variant.end()
        return best


@lru_cache(maxsize=1)
def load_drug_lexicon(pattern_dir: Path = PATTERN_DIR) -> DrugLexicon:
    """The lexicon built from `drugs.jsonl`, `dosage_forms.jsonl` and the salts (`salts.txt`)."""
    drugs = load_pattern_file(pattern_dir / "drugs.jsonl")
    forms = [p["pattern"] for p in load_pattern_file(pattern_dir / "dosage_forms.jsonl")]
    return DrugLexicon.from_names(
        ingredients=[p["pattern"] for p in drugs if p.get("id") == "generic"],
        products=[p["pattern"] for p in drugs if p.get("id") == "product"],
        forms=forms,
        salts=salts().prefixes,
    )


def drug_name_spans(text: str, lexicon: DrugLexicon | None = None) -> list[tuple[int, int, str]]:
    """Drug product names (ingredient + dosage form, 注射用 + ingredient, or a listed product
    name) in `text`: (start, end, name as printed), left to right, longest match, not
    overlapping. A bare ingredient without a dosage form is not a product and is not returned."""
    lexicon = lexicon or load_drug_lexicon()
    folded = fold_width(text)
    spans = []
    position = 0
    while position < len(folded):
        end = lexicon.product_end(folded, position) if folded[position] in lexicon.lengths else None
        if end:
            spans.append((position, end, text[position:end]))
            position = end
        else:
            position += 1
    return spans
