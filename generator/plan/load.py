"""Load and validate ``data/plan.yaml``: syntax, shape and meaning, every problem at once.

The YAML is composed into nodes first so that each value keeps its line and
column; duplicate keys are refused there. The shape is checked by the pydantic
model, the meaning by :func:`check_meaning`. Every problem found is reported
together in a :class:`~generator.errors.PlanError`, in Chinese, with
``file:line:column: YAML path`` in front."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import ValidationError

from generator.errors import PlanError, Positions, Problem, YamlPath, format_path, position
from generator.files import read_input
from generator.plan.checks import check_meaning
from generator.plan.model import Plan
from generator.textcheck import length_warnings, text_problems
from generator.yamlio import _kind_of, decode, read_yaml, shape_message

__all__ = ["Positions", "YamlPath", "check_meaning", "format_path", "load_plan", "parse_plan", "read_yaml"]


def load_plan(path: str | Path, *, warnings: list[Problem] | None = None) -> Plan:
    """Read, parse and validate a plan file; raise :class:`PlanError` on any problem.

    Soft problems (an implausibly long title, say) do not stop the load: they are
    appended to ``warnings`` when a list is given, and dropped otherwise.
    """
    return parse_plan(read_input(path), str(path), warnings=warnings)


def parse_plan(
    raw: bytes | str, filename: str = "plan.yaml", *, warnings: list[Problem] | None = None
) -> Plan:
    """Parse plan YAML given as bytes or text; raise :class:`PlanError` on any problem."""
    text = decode(raw, filename) if isinstance(raw, bytes) else raw
    data, positions, problems = read_yaml(text, filename)
    if not isinstance(data, dict):
        kind = "空文件" if data is None else _kind_of(data)
        hint = (
            "文件为空。请填写计划内容，可参照 data/plan.yaml 的结构。"
            if data is None
            else f"文件顶层应为映射（publication、preamble、sections、units 等字段），而不是{kind}。"
        )
        raise PlanError([Problem(filename, *positions.get((), (1, 1)), "", hint)])
    problems += text_problems(data, filename, positions)
    if warnings is not None:
        warnings += length_warnings(data, filename, positions)
    try:
        plan = Plan.model_validate(data)
    except ValidationError as exc:
        # A value already reported while reading (a bad date, a duplicate key) is not reported twice.
        reported = {p.path for p in problems}
        problems += [p for p in _shape_problems(exc, filename, positions) if p.path not in reported]
        raise PlanError(problems) from None
    problems += check_meaning(plan, filename, positions)
    if problems:
        raise PlanError(problems)
    return plan


def _shape_problems(exc: ValidationError, filename: str, positions: Positions) -> Iterable[Problem]:
    errors = exc.errors(include_url=False)
    places = [tuple(err["loc"]) for err in errors]
    for err, loc in zip(errors, places, strict=True):
        # pydantic counts only the items that validated: a list whose one task has a number where
        # text belongs is also "too short". Only the task's own problem is reported.
        if err["type"] == "too_short" and any(len(p) > len(loc) and p[: len(loc)] == loc for p in places):
            continue
        yield Problem(filename, *position(positions, loc), format_path(loc), shape_message(err))
