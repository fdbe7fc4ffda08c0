"""The 政府网站 identification fields a site may configure under ``extra.gov`` in mkdocs.yml.

None is set by default: the source gives none of them, so nothing is shown until an
office fills in what it has formally been assigned.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

#: Each field and its label, in the order the footer shows them.
LABELS: dict[str, str] = {
    "host": "主办单位",
    "organizer": "承办单位",
    "contact": "联系方式",
    "site_id_code": "网站标识码",
    "icp": "ICP备案号",
    "icp_url": "ICP备案查询地址",
    "police": "公安机关备案号",
    "police_url": "公安机关备案查询地址",
    "license": "使用许可",
}


@dataclass(frozen=True)
class Gov:
    host: str | None = None
    organizer: str | None = None
    contact: str | None = None
    site_id_code: str | None = None
    icp: str | None = None
    icp_url: str | None = None
    police: str | None = None
    police_url: str | None = None
    license: str | None = None

    @classmethod
    def from_config(cls, extra: Mapping[str, Any]) -> Gov:
        """Read ``extra.gov``; unknown keys are an error (a typo would silently hide a field)."""
        given = dict(extra.get("gov") or {})
        unknown = sorted(set(given) - {f.name for f in fields(cls)})
        if unknown:
            known = "、".join(LABELS)
            raise ValueError(
                f"mkdocs.yml 的 extra.gov 中有未知字段：{'、'.join(unknown)}。可用字段：{known}。"
            )
        return cls(**{key: str(value) for key, value in given.items() if value not in (None, "")})

    def unset(self) -> list[str]:
        """The fields not configured, as ``名称（key）`` (``publish`` lists them as a warning).

        Lookup addresses (``icp_url``, ``police_url``) are optional companions, not listed.
        """
        return [
            f"{LABELS[f.name]}（{f.name}）"
            for f in fields(self)
            if getattr(self, f.name) is None and not f.name.endswith("_url")
        ]
