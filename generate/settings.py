"""The offices that issue documents, read from `settings.toml` in the data folder.

The file is created with commented defaults on first use (contract §0); an administrator
edits it to name the real offices, their document-number prefixes (机关代字), recipients
and 抄送 lists. `load_settings(path)` is the named loader; `parse_settings(text)` is pure.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from generate.decisions import POLICY

SETTINGS_FILE = "settings.toml"

DEFAULT_SETTINGS = f'''\
# rulingdesk settings: the offices whose documents rulingdesk drafts.
# Edit the names below to your own offices; rulingdesk reads this file each time it drafts.
# Document numbers are written 机关代字〔年份〕序号号 (e.g. 粤医采〔2099〕12号); the
# sequence numbers are kept in the database, one counter per 机关代字 and year.

# The policy cited as the basis of every action.
policy = "{POLICY}"

# Days an enterprise has to raise an objection to a notice (printed in the notices).
objection_days = 15

# One table per procurement agency (医药集中采购机构), keyed by the province of the
# catalogue it runs (the 省份 column of the catalogue).
[procurement."广东省"]
name = "广东省医药集中采购中心"        # 发文机关全称: 署名 and 印发机关
mark = "广东省医药集中采购中心文件"     # 发文机关标志 of the notices (文件格式, red)
notice_prefix = "粤医采"               # 机关代字 of notices: 粤医采〔2099〕12号
letter_prefix = "粤医采函"             # 机关代字 of letters (信函格式)
ip_office = "广东省知识产权局"          # 主送 of opinion requests (clause 四)
copy_to = ["广东省医疗保障局"]          # 抄送 of notices
printer = "广东省医药集中采购中心办公室"  # 印发机关

# One table per IP office whose copy-to letters (抄送函, clause 六) are drafted here,
# keyed by the office's name as the rulings print it.
[ip_office."广东省知识产权局"]
name = "广东省知识产权局"
letter_prefix = "粤知函"               # 机关代字: 粤知函〔2099〕3号
healthcare_security = "广东省医疗保障局"  # 主送 of the copy-to letter
copy_to = ["国家知识产权局知识产权保护司"]
'''


@dataclass(frozen=True)
class ProcurementOffice:
    """A procurement agency: issues the four notices and the two objection letters."""

    province: str
    name: str
    mark: str
    notice_prefix: str
    letter_prefix: str
    ip_office: str
    copy_to: tuple[str, ...] = ()
    printer: str = ""


@dataclass(frozen=True)
class IpOffice:
    """An IP office: issues the copy-to letter to the healthcare security department."""

    name: str
    letter_prefix: str
    healthcare_security: str
    copy_to: tuple[str, ...] = ()


@dataclass(frozen=True)
class Settings:
    policy: str = POLICY
    objection_days: int = 15
    procurement: tuple[ProcurementOffice, ...] = ()
    ip_offices: tuple[IpOffice, ...] = ()

    def procurement_for(self, province: str) -> ProcurementOffice:
        """The agency of `province` as settings.toml names it. OfficeMissing when it names
        none: a red header, a 机关代字 or a recipient is never made up from a province's name."""
        for office in self.procurement:
            if office.province == province:
                return office
        raise OfficeMissing([f"发文设置中没有{province or '（未写明省份）'}的医药集中采购机构：请管理员在“发文设置”"
                            f"（数据文件夹的 {SETTINGS_FILE}）添加 [procurement.\"{province}\"]，写明 name（发文机关全称）、"
                            "mark（发文机关标志）、notice_prefix 和 letter_prefix（机关代字）"])

    def ip_office_for(self, name: str) -> IpOffice:
        """The IP office named `name` as settings.toml names it; OfficeMissing when it names none."""
        for office in self.ip_offices:
            if office.name == name:
                return office
        raise OfficeMissing([f"发文设置中没有知识产权管理部门“{name or '（未写明）'}”：请管理员在“发文设置”"
                            f"（数据文件夹的 {SETTINGS_FILE}）添加 [ip_office.\"{name}\"]，写明 letter_prefix（机关代字）"
                            "和 healthcare_security（主送的医疗保障部门）"])


class SettingsError(ValueError):
    """settings.toml cannot be used; `str()` names the file and the reason."""


class OfficeMissing(SettingsError):
    """Documents need offices settings.toml does not name; `missing` says, one line per office,
    what to add and where (`str()` joins them)."""

    def __init__(self, missing: Sequence[str]) -> None:
        self.missing = tuple(missing)
        super().__init__("；".join(self.missing))


def _strings(value: object, where: str) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise SettingsError(f"{where}: expected a list of names")
    return tuple(value)


def _text(table: dict, key: str, where: str, default: str | None = None) -> str:
    value = table.get(key, default)
    if not isinstance(value, str) or not value.strip():
        raise SettingsError(f"{where}.{key}: expected a non-empty text")
    return value.strip()


def parse_settings(text: str, where: str = SETTINGS_FILE) -> Settings:
    """The settings written in `text` (TOML). Raises SettingsError naming the faulty key."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise SettingsError(f"{where}: {error}") from None
    procurement = []
    for province, table in data.get("procurement", {}).items():
        at = f"{where}: procurement.{province}"
        name = _text(table, "name", at)
        procurement.append(ProcurementOffice(
            province=province, name=name,
            notice_prefix=_text(table, "notice_prefix", at), letter_prefix=_text(table, "letter_prefix", at),
            mark=_text(table, "mark", at),  # the red header: never derived
            ip_office=_text(table, "ip_office", at, f"{province}知识产权局"),
            copy_to=_strings(table.get("copy_to", []), f"{at}.copy_to"),
            printer=_text(table, "printer", at, name),
        ))
    ip_offices = []
    for key, table in data.get("ip_office", {}).items():
        at = f"{where}: ip_office.{key}"
        ip_offices.append(IpOffice(
            name=_text(table, "name", at, key), letter_prefix=_text(table, "letter_prefix", at),
            healthcare_security=_text(table, "healthcare_security", at),
            copy_to=_strings(table.get("copy_to", []), f"{at}.copy_to"),
        ))
    days = data.get("objection_days", 15)
    if not isinstance(days, int) or days <= 0:
        raise SettingsError(f"{where}: objection_days: expected a positive number of days")
    return Settings(policy=_text(data, "policy", where, POLICY), objection_days=days,
                    procurement=tuple(procurement), ip_offices=tuple(ip_offices))


def settings_text(home: Path) -> str:
    """The text of the data folder's settings file (the commented defaults when missing)."""
    path = Path(home) / SETTINGS_FILE
    return path.read_text(encoding="utf-8") if path.exists() else DEFAULT_SETTINGS


def save_settings(home: Path, text: str) -> Settings:
    """Replace the data folder's settings file by `text` once it parses; returns what it
    says. Raises SettingsError (and leaves the file as it was) when it does not. The file is
    replaced in one step, so a reader never sees half of it."""
    settings = parse_settings(text)
    path = Path(home) / SETTINGS_FILE
    partial = path.with_name(f".{SETTINGS_FILE}.saving")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
    return settings


def load_settings(home: Path) -> Settings:
    """The settings of the data folder `home`; writes the commented defaults first when missing."""
    path = Path(home) / SETTINGS_FILE
    if not path.exists():
        path.write_text(DEFAULT_SETTINGS, encoding="utf-8")
    return parse_settings(path.read_text(encoding="utf-8"), str(path))
