"""Court and office names, and the court a case number names (extract/authorities.py)."""

import pytest

from extract.authorities import authority_names, authority_of_line, court_codes, court_of_number


@pytest.mark.parametrize(
    "line, names",
    [
        ("中华人民共和国最高人民法院", ["最高人民法院"]),
        ("号中华人民共和国最高人民法院", ["最高人民法院"]),  # a case number glued above
        ("（2096）民三终字第4号江苏省南京市中级人民法院", ["江苏省南京市中级人民法院"]),
        ("号广州知识产权法院民事判决书", ["广州知识产权法院"]),
        ("上海市浦东新区人民法院", ["上海市浦东新区人民法院"]),
        ("海南自由贸易港知识产权法院", ["海南自由贸易港知识产权法院"]),
        ("新疆维吾尔自治区高级人民法院生产建设兵团分院", ["新疆维吾尔自治区高级人民法院生产建设兵团分院"]),
        ("号南京铁路运输法院", ["南京铁路运输法院"]),
        ("民事判决书国家知识产权局", ["国家知识产权局"]),
        ("广州市市场监督管理局（广州市知识产权局）", ["广州市市场监督管理局（广州市知识产权局）"]),
        ("某某市市场监督管理局(知识产权局)", ["某某市市场监督管理局(知识产权局)"]),
        ("向有管辖权的人民法院提起诉讼", []),
        ("向本院提起上诉", []),
        ("来源：中国裁判文书网", []),
    ],
)
def test_authority_names(line, names):
    assert [n.name for n in authority_names(line)] == names


@pytest.mark.parametrize(
    "line, name",
    [
        ("中华人民共和国最高人民法院", "最高人民法院"),
        ("北京知识产权法院", "北京知识产权法院"),
        ("国家知识产权局", "国家知识产权局"),
        ("上诉于中华人民共和国最高人民法院", None),  # an appeal notice, not a signature
        ("不服北京知识产权法院（2099）京73民初1号民事判决", None),
    ],
)
def test_authority_of_line(line, name):
    found = authority_of_line(line)
    assert (found.name if found else None) == name


@pytest.mark.parametrize(
    "number, court",
    [
        ("（2099）最高法知民终1号", "最高人民法院"),
        ("（2099）京73民初5号", "北京知识产权法院"),
        ("（2099）沪73知民初5号", "上海知识产权法院"),
        ("（2099）苏民终3号", "江苏省高级人民法院"),
        ("（2099）苏01民初3号", None),  # intermediate courts are numbered per province
        ("(2096)民三终字第4号", "最高人民法院"),
        ("(2096)知行字第86号", "最高人民法院"),
        ("(2096)高民(知)终字第12号", "北京市高级人民法院"),
        ("(2096)沪高民三(知)终字第36号", "上海市高级人民法院"),
        ("(2096)陕民三终字第00021号", "陕西省高级人民法院"),
        ("(2096)京知民初字第1号", "北京知识产权法院"),
        ("(2096)一中民初字第11148号", None),
        ("国知药裁〔2099〕3号", None),
        (None, None),
    ],
)
def test_court_of_number(number, court):
    assert court_of_number(number) == court


def test_court_codes_are_checked_on_load():
    codes = court_codes()
    assert codes["最高法"] == "最高人民法院"
    assert all(name.endswith("法院") for name in codes.values())
