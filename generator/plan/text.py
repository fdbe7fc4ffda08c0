"""The plan as its official text, line for line as published."""

from __future__ import annotations

from generator.plan.model import Plan, section_label


def task_line(plan: Plan, number: int) -> str:
    """One task as written: ``(一)标题。正文[责任单位:…]``."""
    ref = plan.tasks[number - 1]
    return f"{ref.label}{ref.task.title}。{ref.task.text}[责任单位:{plan.responsibility_line(ref.task)}]"


def official_lines(plan: Plan) -> list[str]:
    """Title, preamble, then each section heading followed by its task lines."""
    lines = [plan.publication.title, *plan.preamble]
    for s_number, section in enumerate(plan.sections, start=1):
        lines.append(f"{section_label(s_number)}{section.title}")
        lines.extend(task_line(plan, ref.number) for ref in plan.tasks_of_section(s_number))
    return lines


def official_text(plan: Plan) -> str:
    """The official text with a blank line between paragraphs, as published."""
    return "\n\n".join(official_lines(plan)) + "\n"
