"""The catalogue in the database: streamed, idempotent import with status history, and the
look-ups the matcher and the drafting stage use. Items come and go as
`matching.model.CatalogueItem`."""

from __future__ import annotations

import datetime as dt
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice

from sqlalchemy import Connection, Engine, Index, and_, delete, func, insert, or_, select, update
from sqlalchemy.schema import CreateIndex, DropIndex

from matching.keys import ItemKeys
from matching.model import CatalogueItem
from store.tables import CatalogueApproval, CatalogueImport, CatalogueRow, StatusChange

ITEMS = CatalogueRow.__table__
APPROVALS = CatalogueApproval.__table__
CHANGES = StatusChange.__table__
BATCH = 2000
# Once an SQLite import has added this many rows, and at least a quarter of what the table
# held before, the secondary indexes are dropped and built once at the end, inside the same
# transaction: sorting once is cheaper than keeping five B-trees in order row by row
# (1,000,000 new rows: 45 s with the indexes kept, 33 s + 6 s to build them again).
BULK_ROWS = 20_000


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be used."""

    line: int  # line (CSV) or row (XLSX) number in the file, 1-based
    reason: str


@dataclass(frozen=True)
class ParsedRow:
    """A row as read from a catalogue file: an item, or the reason it is unusable."""

    line: int
    item: CatalogueItem | None
    problem: str | None = None


PROBLEMS_KEPT = 1000  # unusable rows an ImportReport lists; all are counted and passed to on_problem


@dataclass
class ImportReport:
    """What one import did."""

    import_id: int = 0
    rows_read: int = 0
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    status_changes: int = 0
    left_out: int = 0  # items of the file's provinces that the file did not mention
    provinces: set[str] = field(default_factory=set)
    rejected: int = 0  # unusable rows, all of them
    problems: list[RowProblem] = field(default_factory=list)  # the first PROBLEMS_KEPT of them
    on_problem: Callable[[RowProblem], None] | None = field(default=None, repr=False, compare=False)

    def reject(self, line: int, reason: str) -> None:
        """Count an unusable row; list it while fewer than PROBLEMS_KEPT are listed (so that
        a file of bad rows does not fill memory) and pass it to `on_problem`."""
        problem = RowProblem(line, reason)
        self.rejected += 1
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(problem)
        if self.on_problem is not None:
            self.on_problem(problem)


def _fingerprint(item: CatalogueItem, keys: ItemKeys) -> str:
    parts = [
        item.name, item.nhsa_code, item.trade_name, item.dosage_form, item.specification,
        item.packaging, item.manufacturer, item.holder, ";".join(item.approval_numbers),
        item.status, item.batch, "1" if item.selected else "0", keys.version,
    ]  # fmt: skip
    return hashlib.sha1("\x1f".join(p or "" for p in parts).encode("utf-8")).hexdigest()


COLUMNS = (
    "first_import_id", "province", "catalogue_id", "name", "nhsa_code", "trade_name", "dosage_form",
    "specification", "packaging", "manufacturer", "holder", "approval_numbers", "status", "batch",
    "selected", "name_key", "maker_key", "holder_key", "fingerprint", "last_import_id",
)  # fmt: skip


def _values(item: CatalogueItem, keys: ItemKeys, fingerprint: str, import_id: int) -> tuple[object, ...]:
    """The row of `item` in COLUMNS order."""
    return (
        import_id, item.province, item.catalogue_id, item.name, item.nhsa_code, item.trade_name,
        item.dosage_form, item.specification, item.packaging, item.manufacturer, item.holder,
        ";".join(item.approval_numbers), item.status, item.batch, item.selected, keys.name_key,
        keys.maker_key, keys.holder_key, fingerprint, import_id,
    )  # fmt: skip


def import_rows(
    engine: Engine,
    rows: Iterable[ParsedRow],
    *,
    filename: str,
    as_of: dt.date,
    keys: Callable[[CatalogueItem], ItemKeys],
    progress: Callable[[int], None] | None = None,
    on_problem: Callable[[RowProblem], None] | None = None,
) -> ImportReport:
    """Load `rows` into the catalogue in one transaction and report what changed.

    Promises: unusable rows (and repeated keys within the file) are reported by line and
    skipped (each passed to `on_problem` as it is found); the rest load. Items are keyed by (province, catalogue_id); an unchanged item
    is left as it is, a changed one is updated, and every status an item takes is recorded
    in the status history with `as_of`. If reading fails part-way (an exception from
    `rows`), nothing of this import is kept. Memory does not grow with the file.
    """
    report = ImportReport(on_problem=on_problem)
    with _cycle_collection_paused(), engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            # Inside one long transaction the planner still believes the table is as small
            # as at its start and would scan it for every batch's key look-up.
            connection.exec_driver_sql("SET LOCAL enable_seqscan = off")
        import_id = connection.execute(
            insert(CatalogueImport.__table__).values(
                filename=filename[-500:],
                as_of=as_of,
                rows_read=0,
                added=0,
                updated=0,
                unchanged=0,
                rejected=0,
            )
        ).inserted_primary_key[0]
        report.import_id = import_id
        held_before = _count_items(connection) if connection.dialect.name == "sqlite" else None
        indexes_dropped = False
        iterator = iter(rows)
        while batch := list(islice(iterator, BATCH)):
            _import_batch(connection, batch, import_id, as_of, keys, report)
            if progress:
                progress(len(batch))
            if held_before is not None and not indexes_dropped and _bulk(report.added, held_before):
                for index in _secondary_indexes():
                    connection.execute(DropIndex(index, if_exists=True))
                indexes_dropped = True
        if indexes_dropped:
            for index in _secondary_indexes():
                connection.execute(CreateIndex(index, if_not_exists=True))
        report.left_out = _count_left_out(connection, report.provinces, import_id)
        connection.execute(
            update(CatalogueImport.__table__)
            .where(CatalogueImport.__table__.c.id == import_id)
            .values(
                rows_read=report.rows_read,
                added=report.added,
                updated=report.updated,
                unchanged=report.unchanged,
                rejected=report.rejected,
            )
        )
    if engine.dialect.name == "postgresql" and report.rows_read:
        with engine.begin() as connection:  # fresh statistics for the look-ups that follow
            connection.exec_driver_sql("ANALYZE catalogue_items")
            connection.exec_driver_sql("ANALYZE catalogue_approvals")
    return report


def _bulk(added: int, held_before: int) -> bool:
    """Whether an import that has added `added` rows to a table of `held_before` is a bulk
    load, better served by building the secondary indexes once at the end."""
    return added >= BULK_ROWS and added * 4 >= held_before


def _secondary_indexes() -> list[Index]:
    """The catalogue's look-up indexes (not the (province, 产品编码) key the import reads by)."""
    return [*ITEMS.indexes, *APPROVALS.indexes]


@contextmanager
def _cycle_collection_paused() -> Iterator[None]:
    """Python's cyclic garbage collector paused for the block: an import makes millions of
    short-lived tuples, none in a cycle, and the collector's passes over them cost a fifth
    of the import's time. Reference counting still frees everything as it goes."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _count_items(connection: Connection) -> int:
    return int(connection.execute(select(func.count()).select_from(ITEMS)).scalar_one())


def _import_batch(
    connection: Connection,
    batch: Sequence[ParsedRow],
    import_id: int,
    as_of: dt.date,
    keys: Callable[[CatalogueItem], ItemKeys],
    report: ImportReport,
) -> None:
    report.rows_read += len(batch)
    first_line: dict[tuple[str, str], int] = {}
    good: list[tuple[int, CatalogueItem]] = []
    for row in batch:
        if row.item is None:
            report.reject(row.line, row.problem or "unusable row")
            continue
        key = (row.item.province, row.item.catalogue_id)
        if key in first_line:
            report.reject(row.line, f"duplicate 产品编码 {key[1]} (first on line {first_line[key]})")
            continue
        first_line[key] = row.line
        good.append((row.line, row.item))
        report.provinces.add(row.item.province)
    existing = _existing(connection, [item for _, item in good])
    new_rows: list[tuple[object, ...]] = []
    new_items: list[tuple[CatalogueItem, ItemKeys]] = []
    changed: list[tuple[int, str, CatalogueItem, ItemKeys, tuple[object, ...]]] = []
    untouched: list[int] = []
    for line, item in good:
        item_keys = keys(item)
        fingerprint = _fingerprint(item, item_keys)
        values = _values(item, item_keys, fingerprint, import_id)
        found = existing.get((item.province, item.catalogue_id))
        if found is None:
            new_rows.append(values)
            new_items.append((item, item_keys))
        elif found[3] == import_id:
            report.reject(line, f"duplicate 产品编码 {item.catalogue_id} (given earlier in the file)")
        elif found[1] == fingerprint:
            untouched.append(found[0])
        else:
            changed.append((found[0], found[2], item, item_keys, values))
    if new_rows:
        # Inserted in bulk, then the ids learnt (SQLite) or read back by key.
        _insert_many(connection, "catalogue_items", COLUMNS, new_rows)
        ids = _sqlite_new_ids(connection, [item for item, _ in new_items])
        if ids is None:
            fresh = _existing(connection, [item for item, _ in new_items])
            ids = [fresh[(item.province, item.catalogue_id)][0] for item, _ in new_items]
        approvals = [(n, i) for i, (_, k) in zip(ids, new_items, strict=True) for n in k.approvals]
        if approvals:
            _insert_many(connection, "catalogue_approvals", ("number", "item_id"), approvals)
        report.added += len(new_rows)
    for item_id, old_status, item, item_keys, values in changed:
        fields = dict(zip(COLUMNS[1:], values[1:], strict=True))  # all but first_import_id
        connection.execute(update(ITEMS).where(ITEMS.c.id == item_id).values(**fields))
        connection.execute(delete(APPROVALS).where(APPROVALS.c.item_id == item_id))
        if item_keys.approvals:
            connection.execute(
                insert(APPROVALS), [{"number": n, "item_id": item_id} for n in item_keys.approvals]
            )
        if item.status != old_status:
            connection.execute(
                insert(CHANGES).values(
                    item_id=item_id,
                    status=item.status,
                    previous=old_status,
                    changed_on=as_of,
                    import_id=import_id,
                )
            )
            report.status_changes += 1
    report.updated += len(changed)
    if untouched:
        connection.execute(update(ITEMS).where(ITEMS.c.id.in_(untouched)).values(last_import_id=import_id))
        report.unchanged += len(untouched)


def _existing(
    connection: Connection, items: Sequence[CatalogueItem]
) -> dict[tuple[str, str], tuple[int, str, str, int]]:
    """(province, catalogue_id) → (id, fingerprint, status, last_import_id) of stored items."""
    by_province: dict[str, list[str]] = {}
    for item in items:
        by_province.setdefault(item.province, []).append(item.catalogue_id)
    found: dict[tuple[str, str], tuple[int, str, str, int]] = {}
    if connection.dialect.name == "postgresql":  # one query per batch, two array parameters
        sql = (
            "SELECT i.province, i.catalogue_id, i.id, i.fingerprint, i.status, i.last_import_id "
            "FROM catalogue_items i JOIN unnest(%s::text[], %s::text[]) AS k(province, catalogue_id) "
            "ON i.province = k.province AND i.catalogue_id = k.catalogue_id"
        )
        params = ([item.province for item in items], [item.catalogue_id for item in items])
        for province, catalogue_id, item_id, fingerprint, status, last in connection.exec_driver_sql(
            sql, params
        ):
            found[(province, catalogue_id)] = (item_id, fingerprint, status, last)
        return found
    for province, ids in by_province.items():
        marks = ", ".join(["?"] * len(ids))
        sql = _driver(
            connection,
            "SELECT catalogue_id, id, fingerprint, status, last_import_id FROM catalogue_items "
            f"WHERE province = ? AND catalogue_id IN ({marks})",
        )
        for catalogue_id, item_id, fingerprint, status, last in connection.exec_driver_sql(
            sql, (province, *ids)
        ):
            found[(province, catalogue_id)] = (item_id, fingerprint, status, last)
    return found


def _sqlite_new_ids(connection: Connection, items: Sequence[CatalogueItem]) -> list[int] | None:
    """The ids SQLite gave the rows just inserted for `items`, or None when not certain.

    Within one write transaction SQLite numbers new rows max(rowid) + 1, + 2, … (the table
    has no AUTOINCREMENT and nothing else writes meanwhile), so they end at last_insert_rowid();
    the first and the last are checked against their keys before the range is trusted."""
    if connection.dialect.name != "sqlite" or not items:
        return None
    last = int(connection.exec_driver_sql("SELECT last_insert_rowid()").scalar_one())
    first = last - len(items) + 1
    check = "SELECT province, catalogue_id FROM catalogue_items WHERE id = ?"
    for item_id, item in ((first, items[0]), (last, items[-1])):
        row = connection.exec_driver_sql(check, (item_id,)).first()
        if row is None or (row[0], row[1]) != (item.province, item.catalogue_id):
            return None
    return list(range(first, last + 1))


def _driver(connection: Connection, sql: str) -> str:
    """`sql` written with ? placeholders, in the driver's own parameter style."""
    return sql if connection.dialect.paramstyle == "qmark" else sql.replace("?", "%s")


def _insert_sql(table: str, columns: Sequence[str]) -> str:
    return f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join(['?'] * len(columns))})"


def _insert_many(
    connection: Connection, table: str, columns: Sequence[str], rows: list[tuple[object, ...]]
) -> None:
    """Insert `rows` in one go: COPY on PostgreSQL (a round trip per row otherwise), a raw
    executemany elsewhere (the SQLAlchemy layer costs more than SQLite itself here)."""
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
        with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        return
    connection.exec_driver_sql(_driver(connection, _insert_sql(table, columns)), rows)


def _date_param(connection: Connection, day: dt.date) -> object:
    """A date as the driver takes it (SQLite: the ISO text SQLAlchemy's Date type stores)."""
    return day.isoformat() if connection.dialect.name == "sqlite" else day


def _count_left_out(connection: Connection, provinces: set[str], import_id: int) -> int:
    if not provinces:
        return 0
    query = select(func.count()).where(
        ITEMS.c.province.in_(sorted(provinces)), ITEMS.c.last_import_id != import_id
    )
    return int(connection.execute(query).scalar_one())


@dataclass
class ReindexReport:
    """What a reindex did."""

    items: int = 0  # items read
    changed: int = 0  # items whose blocking keys were computed anew and differed


def reindex(
    engine: Engine,
    keys: Callable[[CatalogueItem], ItemKeys],
    *,
    chunk: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> ReindexReport:
    """Compute every stored item's blocking keys again with `keys` and store those that
    differ (after a normaliser changed), in one transaction; the imported fields and the
    status history are not touched. Promises: afterwards the stored keys are what `keys`
    gives, and re-importing the same file finds the items unchanged."""
    report = ReindexReport()
    with _cycle_collection_paused(), engine.begin() as connection:
        last_id = 0
        while True:
            rows = connection.execute(
                select(ITEMS.c.id, ITEMS.c.name_key, ITEMS.c.maker_key, ITEMS.c.holder_key, ITEMS.c.fingerprint, *_ITEM_COLUMNS)
                .where(ITEMS.c.id > last_id)
                .order_by(ITEMS.c.id)
                .limit(chunk)
            ).all()
            if not rows:
                break
            last_id = rows[-1].id
            stored_approvals: dict[int, set[str]] = {}
            for item_id, number in connection.execute(
                select(APPROVALS.c.item_id, APPROVALS.c.number).where(
                    APPROVALS.c.item_id.between(rows[0].id, last_id)
                )
            ):
                stored_approvals.setdefault(item_id, set()).add(number)
            for row in rows:
                item = item_from_row(row)
                fresh = keys(item)
                fingerprint = _fingerprint(item, fresh)
                stored = (row.name_key, row.maker_key, row.holder_key, stored_approvals.get(row.id, set()))
                same_keys = stored == (fresh.name_key, fresh.maker_key, fresh.holder_key, set(fresh.approvals))
                if same_keys and row.fingerprint == fingerprint:
                    continue
                connection.execute(
                    update(ITEMS)
                    .where(ITEMS.c.id == row.id)
                    .values(
                        name_key=fresh.name_key,
                        maker_key=fresh.maker_key,
                        holder_key=fresh.holder_key,
                        fingerprint=fingerprint,  # it covers the keys' version: a re-import then sees no change
                    )
                )
                if same_keys:
                    continue
                connection.execute(delete(APPROVALS).where(APPROVALS.c.item_id == row.id))
                if fresh.approvals:
                    connection.execute(insert(APPROVALS), [{"number": n, "item_id": row.id} for n in fresh.approvals])
                report.changed += 1
            report.items += len(rows)
            if progress:
                progress(len(rows))
    return report


# --- reading ----------------------------------------------------------------------------


def item_from_row(row: object) -> CatalogueItem:
    """A CatalogueItem from a selected catalogue_items row."""
    approvals = row.approval_numbers  # type: ignore[attr-defined]
    return CatalogueItem(
        province=row.province,  # type: ignore[attr-defined]
        catalogue_id=row.catalogue_id,  # type: ignore[attr-defined]
        name=row.name,  # type: ignore[attr-defined]
        nhsa_code=row.nhsa_code,  # type: ignore[attr-defined]
        trade_name=row.trade_name,  # type: ignore[attr-defined]
        dosage_form=row.dosage_form,  # type: ignore[attr-defined]
        specification=row.specification,  # type: ignore[attr-defined]
        packaging=row.packaging,  # type: ignore[attr-defined]
        manufacturer=row.manufacturer,  # type: ignore[attr-defined]
        holder=row.holder,  # type: ignore[attr-defined]
        approval_numbers=tuple(a for a in approvals.split(";") if a) if approvals else (),
        status=row.status,  # type: ignore[attr-defined]
        batch=row.batch,  # type: ignore[attr-defined]
        selected=bool(row.selected),  # type: ignore[attr-defined]
    )


_ITEM_COLUMNS = [
    ITEMS.c.province, ITEMS.c.catalogue_id, ITEMS.c.name, ITEMS.c.nhsa_code, ITEMS.c.trade_name,
    ITEMS.c.dosage_form, ITEMS.c.specification, ITEMS.c.packaging, ITEMS.c.manufacturer,
    ITEMS.c.holder, ITEMS.c.approval_numbers, ITEMS.c.status, ITEMS.c.batch, ITEMS.c.selected,
]  # fmt: skip


def get_item(engine: Engine, province: str, catalogue_id: str) -> CatalogueItem | None:
    """The item keyed (province, catalogue_id), or None."""
    found = get_items(engine, [(province, catalogue_id)])
    return found.get((province, catalogue_id))


def get_items(engine: Engine, keys: Iterable[tuple[str, str]]) -> dict[tuple[str, str], CatalogueItem]:
    """The stored items among `keys` ((province, catalogue_id) pairs), by key."""
    wanted: dict[str, list[str]] = {}
    for province, catalogue_id in keys:
        wanted.setdefault(province, []).append(catalogue_id)
    found: dict[tuple[str, str], CatalogueItem] = {}
    with engine.connect() as connection:
        for province, ids in wanted.items():
            query = select(*_ITEM_COLUMNS).where(ITEMS.c.province == province, ITEMS.c.catalogue_id.in_(ids))
            for row in connection.execute(query):
                found[(row.province, row.catalogue_id)] = item_from_row(row)
    return found


def status_history(engine: Engine, province: str, catalogue_id: str) -> list[tuple[dt.date, str, str | None]]:
    """(date, status, previous status) of every status the item took, oldest first: the
    status it came with (dated by its first import), then each change a later import saw."""
    imports = CatalogueImport.__table__
    first = (
        select(imports.c.as_of, ITEMS.c.id, ITEMS.c.status)
        .join(ITEMS, ITEMS.c.first_import_id == imports.c.id)
        .where(ITEMS.c.province == province, ITEMS.c.catalogue_id == catalogue_id)
    )
    with engine.connect() as connection:
        found = connection.execute(first).first()
        if found is None:
            return []
        since, item_id, current = found
        changes = connection.execute(
            select(CHANGES.c.changed_on, CHANGES.c.status, CHANGES.c.previous)
            .where(CHANGES.c.item_id == item_id)
            .order_by(CHANGES.c.id)
        ).all()
    initial = changes[0][2] if changes else current
    return [(since, initial, None), *((row[0], row[1], row[2]) for row in changes)]


def search(engine: Engine, words: str, limit: int = 20) -> list[CatalogueItem]:
    """Items whose code, name, trade name, maker, holder or approval numbers contain `words`
    (every whitespace-separated word), ordered by province and code."""
    query = select(*_ITEM_COLUMNS)
    for word in words.split():
        pattern = f"%{word}%"
        query = query.where(
            or_(
                ITEMS.c.catalogue_id.like(pattern),
                ITEMS.c.name.like(pattern),
                ITEMS.c.trade_name.like(pattern),
                ITEMS.c.manufacturer.like(pattern),
                ITEMS.c.holder.like(pattern),
                ITEMS.c.approval_numbers.like(pattern),
                ITEMS.c.nhsa_code.like(pattern),
            )
        )
    query = query.order_by(ITEMS.c.province, ITEMS.c.catalogue_id).limit(limit)
    with engine.connect() as connection:
        return [item_from_row(row) for row in connection.execute(query)]


def count_items(engine: Engine) -> int:
    """How many items the catalogue holds."""
    with engine.connect() as connection:
        return _count_items(connection)


# --- blocking (used by the matcher) ------------------------------------------------------


def block_by_approvals(connection: Connection, numbers: Sequence[str]) -> Iterator[CatalogueItem]:
    """Items carrying any of the normalised approval `numbers`."""
    if not numbers:
        return iter(())
    query = (
        select(*_ITEM_COLUMNS)
        .join(APPROVALS, APPROVALS.c.item_id == ITEMS.c.id)
        .where(APPROVALS.c.number.in_(list(numbers)))
    )
    return (item_from_row(row) for row in connection.execute(query))


def block_by_codes(connection: Connection, codes: Sequence[str]) -> Iterator[CatalogueItem]:
    """Items whose 医保代码 or 产品编码 is one of `codes`."""
    if not codes:
        return iter(())
    wanted = list(codes)
    query = select(*_ITEM_COLUMNS).where(or_(ITEMS.c.nhsa_code.in_(wanted), ITEMS.c.catalogue_id.in_(wanted)))
    return (item_from_row(row) for row in connection.execute(query))


def block_by_name(
    connection: Connection, name_key: str, company_keys: Sequence[str], limit: int
) -> Iterator[CatalogueItem]:
    """Items with this normalised name, made or held by one of `company_keys` when given
    (else any maker), at most `limit`."""
    condition = ITEMS.c.name_key == name_key
    if company_keys:
        keys = list(company_keys)
        condition = or_(
            and_(ITEMS.c.name_key == name_key, ITEMS.c.maker_key.in_(keys)),
            and_(ITEMS.c.name_key == name_key, ITEMS.c.holder_key.in_(keys)),
        )
    query = select(*_ITEM_COLUMNS).where(condition).limit(limit)
    return (item_from_row(row) for row in connection.execute(query))
