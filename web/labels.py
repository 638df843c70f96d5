"""Chinese labels for the values the pipeline uses (shown in templates)."""

from __future__ import annotations

import datetime as dt
import re

from store.ruling_fields import (
    AUTHORITY_KINDS,
    DISPOSITIONS,
    DOCUMENT_TYPES,
    PARTY_KINDS,
    PARTY_ROLES,
    PATENT_KINDS,
    PROCEDURES,
    SIDES,
)

LABELS: dict[str, dict[str, str]] = {
    "document_type": dict(DOCUMENT_TYPES),
    "disposition": dict(DISPOSITIONS),
    "procedure": dict(PROCEDURES),
    "authority_kind": dict(AUTHORITY_KINDS),
    "role": dict(PARTY_ROLES),
    "side": dict(SIDES),
    "party_kind": dict(PARTY_KINDS),
    "patent_kind": dict(PATENT_KINDS),
    "decision": {"auto": "自动匹配", "review": "需人工确认", "rejected": "不匹配",
                 "confirmed": "已确认", "rejected_by_person": "已否决"},
    "action": {"delist": "撤网", "refuse_listing": "不予挂网", "cancel_selection": "取消中选资格",
               "restore_listing": "恢复挂网", "watch": "跟踪", "none": "无需处理"},
    "job_state": {"queued": "排队中", "reading": "读取中", "done": "完成", "failed": "读取失败",
                  "duplicate": "重复文件", "refused": "已拒收"},
    "draft_state": {"draft": "草稿", "approved": "已核准", "issued": "已印发", "withdrawn": "已撤回"},
    "audit": {"login": "登录", "logout": "退出", "login_failed": "登录失败", "login_locked": "登录被锁定", "login_throttled": "登录受限（失败过多）", "user_create": "新建用户",
              "user_active": "启用/停用用户", "user_role": "更改角色", "user_password": "重设密码", "user_password_own": "修改本人密码", "upload": "上传", "ingest_done": "读取完成",
              "ingest_failed": "读取失败", "ingest_retry": "重新读取", "ruling_registered": "登记裁决", "correction": "更正",
              "match_decision": "匹配决定", "draft_created": "起草", "draft_edited": "修改草稿",
              "draft_withdrawn": "撤回", "draft_approved": "核准", "draft_issued": "印发", "download": "下载文书",
              "download_zip": "下载文书包", "download_original": "下载原件", "download_pdf": "下载 PDF", "preview_pdf": "查看核准文书的预览 PDF", "audit_export": "导出审计日志",
              "search_export": "导出检索结果", "catalogue_upload": "上传目录", "catalogue_import": "导入目录", "settings_changed": "修改发文设置", "objection_registered": "登记异议",
              "audit_verified": "校验审计链", "audit_head_export": "导出审计链头"},
}


BEIJING = dt.timezone(dt.timedelta(hours=8), "北京时间")  # China has one zone and no summer time


def beijing(moment: dt.datetime | None, seconds: bool = False) -> str:
    """A stored time stamp as the office reads it, in Beijing time: "2026-11-25 23:21".
    Naive values are UTC (SQLite keeps no zone; the desk writes UTC)."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=dt.UTC)
    return moment.astimezone(BEIJING).strftime("%Y-%m-%d %H:%M:%S" if seconds else "%Y-%m-%d %H:%M")


def label(group: str, value: object) -> str:
    """The Chinese label of `value` in `group`; 不明 for None, the value itself when unknown."""
    if value is None:
        return "不明"
    if isinstance(value, bool):
        return "是" if value else "否"
    return LABELS.get(group, {}).get(str(value), str(value))


# The matcher writes its reasons as the contract shows them ("批准文号 equal", "规格 differs
# (20mg ≠ 40mg)"); on the desk they read in Chinese. Longest phrases first.
REASON_WORDS = (
    (" equal after unit conversion", " 换算单位后相同"),
    (" equal after normalisation", " 规范化后相同"),
    (" equal by the alias list", " 按企业别名表相同"),
    (" equal ignoring the salt", " 除成盐部分外相同，盐："),
    (" differs in the enterprise part", " 企业部分不同"),
    (" salt differs", " 成盐部分不同"),
    (" compatible", " 相容"),
    (" similar", " 相近"),
    (" equal", " 相同"),
    (" differs", " 不同"),
    (" (already delisted)", ""),
    ("review: the ruling prints no salt and candidates differ in salt", "需人工确认：裁决未写明成盐形式，而候选产品的成盐形式不同"),
)


def reason(text: str) -> str:
    """A matching reason in Chinese (the values it quotes unchanged)."""
    for english, chinese in REASON_WORDS:
        text = text.replace(english, chinese)
    return text


# The catalogue importer writes its problems as the command line prints them (English
# around the column names); on the desk they read in Chinese. Each pattern with an example.
CATALOGUE_PROBLEMS = (
    # "duplicate 产品编码 GD010 (first on line 3)"
    (re.compile(r"duplicate 产品编码 (\S+) \(first on line (\d+)\)"), r"产品编码 \1 重复（首次出现在第 \2 行）"),
    # "duplicate 产品编码 GD010 (given earlier in the file)"
    (re.compile(r"duplicate 产品编码 (\S+) \(given earlier in the file\)"), r"产品编码 \1 在文件中重复"),
    # "no 通用名 for 产品编码 GD010"
    (re.compile(r"no (\S+) for 产品编码 (\S+) \(give --province\)"), r"产品编码 \2 缺少\1（请在“省份”栏填写）"),
    (re.compile(r"no (\S+) for 产品编码 (\S+)"), r"产品编码 \2 缺少\1"),
    # "unknown 挂网状态 暂停 for 产品编码 GD010"
    (re.compile(r"unknown (\S+) (.+) for 产品编码 (\S+)"), r"产品编码 \3 的\1“\2”无法识别"),
    # "no 产品编码"
    (re.compile(r"^no 产品编码$"), "缺少产品编码"),
    (re.compile(r"^unusable row$"), "无法使用的行"),
    # "line 2: no 省份 column; give the province with --province"
    (re.compile(r"no 省份 column; give the province with --province"), "没有“省份”列，请在“省份”栏填写省份"),
    (re.compile(r"no header row with the required columns (.+) in the first (\d+) rows"),
     r"前 \2 行中没有含必需列（\1）的表头行"),
    # "not valid utf-8 after line 1219996 (invalid start byte)"
    (re.compile(r"not valid (\S+) after line (\d+) \((.+)\)"), r"第 \2 行之后不是有效的 \1 文本（\3）"),
    (re.compile(r"^line (\d+): "), r"第 \1 行："),
    (re.compile(r"UTF-16 text; save the file as UTF-8 or GB18030 CSV, or as XLSX"),
     "文件为 UTF-16 编码；请另存为 UTF-8 或 GB18030 编码的 CSV，或 XLSX"),
    (re.compile(r"not UTF-8 or GB18030 text \(is it a CSV or XLSX file\?\)"), "不是 UTF-8 或 GB18030 文本（是 CSV 或 XLSX 文件吗？）"),
    (re.compile(r"Excel 97-2003 \(\.xls\) file; save it as XLSX or CSV"), "Excel 97-2003（.xls）文件，请另存为 XLSX 或 CSV"),
    (re.compile(r"not a readable XLSX file \((.+)\)"), r"不是可读取的 XLSX 文件（\1）"),
    (re.compile(r"^empty file"), "空文件"),
    (re.compile(r"^no such file"), "文件不存在"),
)


def catalogue_problem(text: str | None) -> str:
    """A catalogue file's or row's problem in Chinese (the values it quotes unchanged; a
    message not known here is shown as written)."""
    text = text or ""
    for pattern, chinese in CATALOGUE_PROBLEMS:
        text = pattern.sub(chinese, text)
    return text


# The reader's reasons for a file it cannot use (`extract.model.ReadError`) are written as
# the command line prints them (the contract's English); on the desk they read in Chinese,
# each naming its cause. Each pattern with an example; a reason not listed is shown as it is.
READ_PROBLEMS = (
    # "DOCX too large when decompressed (word/document.xml declares 1150 MB, limit 100 MB in all)"
    (re.compile(r"^DOCX too large when decompressed \((\S+) declares (\d+) MB, limit (\d+) MB in all\)$"),
     r"DOCX 解压后过大（\1 声明解压后 \2 MB，全部内容上限 \3 MB），未读取"),
    # "DOCX too large when decompressed (word/document.xml inflates past the limit of 100 MB in all)"
    (re.compile(r"^DOCX too large when decompressed \((\S+) inflates past the limit of (\d+) MB in all\)$"),
     r"DOCX 解压后过大（解压到 \1 时超过全部内容上限 \2 MB），未读取"),
    # "DOCX compression ratio too high (word/document.xml 1030:1, limit 200:1)"
    (re.compile(r"^DOCX compression ratio too high \((\S+) (\d+):1, limit (\d+):1\)$"),
     r"DOCX 压缩比异常（\1 为 \2:1，上限 \3:1），疑为压缩炸弹，未读取"),
    # "DOCX has too many parts (5001, limit 1000)"
    (re.compile(r"^DOCX has too many parts \((\d+), limit (\d+)\)$"), r"DOCX 内含文件过多（\1 个，上限 \2 个），未读取"),
    # "damaged DOCX: BadZipFile"
    (re.compile(r"^damaged DOCX: (.+)$"), r"DOCX 文件已损坏（\1）"),
    # "encrypted PDF (password required)"
    (re.compile(r"^encrypted PDF \(password required\)$"), "PDF 已加密，需要密码才能打开；请上传未加密的文件"),
    (re.compile(r"^encrypted PDF \(unsupported security handler\)$"), "PDF 已加密，加密方式不受支持；请上传未加密的文件"),
    (re.compile(r"^encrypted PDF \(no page could be decrypted\)$"), "PDF 已加密，无法解密出任何页面；请上传未加密的文件"),
    # "PDF 2.0 document without a page this reader can open"
    (re.compile(r"^PDF (\d\.\d) document without a page this reader can open$"),
     r"PDF \1 文件中没有可读取的页面（PDF \1 格式的页面结构无法读取）；请另存为 PDF 1.7 后上传"),
    # "damaged PDF: no pages", "damaged PDF: data format error"
    (re.compile(r"^damaged PDF: no pages$"), "PDF 文件中没有任何页面"),
    (re.compile(r"^damaged PDF: (.+)$"), r"PDF 文件已损坏（\1）"),
    # "too many pages (4000, limit 2000)"
    (re.compile(r"^too many pages \((\d+), limit (\d+)\)$"), r"页数过多（\1 页，上限 \2 页），未读取"),
    # "file too large (120 MB, limit 100 MB)"
    (re.compile(r"^file too large \((\d+) MB, limit (\d+) MB\)$"), r"文件过大（\1 MB，上限 \2 MB）"),
    (re.compile(r"^empty file$"), "空文件"),
    (re.compile(r"^not a PDF or DOCX file$"), "不是 PDF 或 DOCX 文件（按内容判断）"),
    # "timed out after 60 s"
    (re.compile(r"^timed out after (\d+) s$"), r"读取超时（超过 \1 秒），已停止"),
)


def read_problem(text: str) -> str:
    """The reader's reason for an unusable file, in Chinese (unchanged when not listed)."""
    for pattern, chinese in READ_PROBLEMS:
        if pattern.match(text):
            return pattern.sub(chinese, text)
    return text
