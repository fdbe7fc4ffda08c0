"""The plan file's JSON Schema, generated from the model."""

from __future__ import annotations

from typing import Any

from generator.model import Plan


def plan_schema() -> dict[str, Any]:
    schema = Plan.model_json_schema(mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "法治政府建设工作要点计划文件"
    return schema
