"""The plan as its official text, line for line as published."""

from __future__ import annotations

from generator.plan.model import Notice, Plan, section_label


def task_line(plan: Plan, number: int) -> str:
    """One task as written: ``(一)标题。正文[责任单位:…]`` (in the source's brackets)."""
    ref = plan.tasks[number - 1]
    return f"{ref.label}{ref.task.title}。{ref.task.text}{plan.responsibility_text(ref.task)}"


def notice_lines(notice: Notice) -> list[str]:
    """The 通知 as published: title, 主送, 正文, 落款 (issuer, date), and its note."""
    note = [notice.note] if notice.note else []
    return [notice.title, notice.addressees, *notice.body, notice.issuer, notice.date_text, *note]


def official_lines(plan: Plan) -> list[str]:
    """The 通知 (if the plan came as one), title, preamble, then each section heading and its task lines."""
    notice = plan.publication.notice
    lines = [*(notice_lines(notice) if notice else []), plan.publication.title, *plan.preamble]
    for s_number, section in enumerate(plan.sections, start=1):
        lines.append(f"{section_label(s_number)}{section.title}")
        lines.extend(task_line(plan, ref.number) for ref in plan.tasks_of_section(s_number))
    return lines


def official_text(plan: Plan) -> str:
    """The official text with a blank line between paragraphs, as published."""
    return "\n\n".join(official_lines(plan)) + "\n"
