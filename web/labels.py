"""Chinese labels for the values the pipeline uses (shown in templates)."""

from __future__ import annotations

import datetime as dt

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
    "draft_state": {"draft": "草稿", "approved": "已核准", "issued": "已印发", "withdrawn": "已撤回"},
    "audit": {"login": "登录", "logout": "退出", "login_failed": "登录失败", "login_locked": "登录被锁定", "user_create": "新建用户",
              "user_active": "启用/停用用户", "user_password": "重设密码", "upload": "上传", "ingest_done": "读取完成",
              "ingest_failed": "读取失败", "ruling_registered": "登记裁决", "correction": "更正",
              "match_decision": "匹配决定", "draft_created": "起草", "draft_edited": "修改草稿",
              "draft_withdrawn": "撤回", "draft_approved": "核准", "draft_issued": "印发", "download": "下载文书",
              "download_zip": "下载文书包", "download_original": "下载原件", "download_pdf": "下载 PDF", "preview_pdf": "查看核准文书的预览 PDF", "audit_export": "导出审计日志",
              "search_export": "导出检索结果", "catalogue_upload": "上传目录", "catalogue_import": "导入目录", "settings_changed": "修改发文设置", "objection_registered": "登记异议"},
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
