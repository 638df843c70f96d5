from corpus.catalogue import CATALOGUE, catalogue_text, corpus_cases


def test_the_committed_sample_catalogue_is_what_the_generator_writes():
    assert CATALOGUE.read_text(encoding="utf-8") == catalogue_text(corpus_cases()), (
        "run `python -m corpus.catalogue` and commit corpus/catalogue.csv"
    )


def test_every_accused_product_is_listed_with_hard_negatives():
    rows = [line.split(",") for line in CATALOGUE.read_text(encoding="utf-8").splitlines()[1:]]
    ids = [row[0] for row in rows]
    assert len(ids) == len(set(ids))
    assert any(row[7] == "已撤网" for row in rows) and any(row[8] == "中选" for row in rows)
    assert sum(row[0].startswith("N") for row in rows) >= len(rows) // 2
