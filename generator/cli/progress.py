"""``python -m generator progress …``: validate rounds, send workbooks, import them, compile the report.

Every command reads the plan (``--plan``, ``PLAN_FILE`` or ``data/plan.yaml``) and the progress
folder (``--dir``, ``PROGRESS_DIR`` or ``data/progress``). No command overwrites an existing file
without ``--force`` (``import`` merges into its round file and needs ``--replace`` to change an
entry), and a command that fails writes nothing.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable
from pathlib import Path

from generator import paths
from generator.cli.common import shown
from generator.errors import InputError, Problem, ProgressError, UsageError, format_path
from generator.files import locked, read_input, remove_stale_temps, write_all, write_output
from generator.plan.load import load_plan
from generator.plan.model import Plan
from generator.progress.checks import canonical_order, entry_problems, string_problems
from generator.progress.load import load_progress, parse_round, read_round_text, round_warnings
from generator.progress.model import Entry, Progress, Round, progress_schema
from generator.progress.report import round_report
from generator.progress.workbook import (
    HEADINGS,
    MAX_WORKBOOK_BYTES,
    SHEET,
    WorkbookInfo,
    read_workbook,
    template_workbook,
    workbook_name,
)
from generator.progress.write import dump_round, entry_data, leading_comments
from generator.publish.build import project_inputs
from generator.site.editions import plan_year
from generator.synth.progress import synth_progress

Commands = argparse._SubParsersAction  # the parser's ``add_subparsers()``
#: Each returned workbook: its file, its entries with their rows, and what it records.
Incoming = list[tuple[str, list[tuple[int, Entry]], "WorkbookInfo"]]


def register(sub: Commands) -> None:
    """Add the ``progress`` command and its subcommands to the main parser."""
    p = sub.add_parser(
        "progress",
        help="落实情况：校验、生成填报表、导入、汇总",
        description="落实情况的收集和汇总：向各责任单位发送填报表（Excel），导入填好的表，生成落实情况汇总（Word）。",
    )
    # prog is given so that the usage line is not built twice (see the report on cli._ChineseHelp).
    commands = p.add_subparsers(
        dest="progress_command", metavar="子命令", parser_class=type(p), prog="python -m generator progress"
    )
    commands.required = True
    _validate_parser(commands)
    _template_parser(commands)
    _import_parser(commands)
    _report_parser(commands)
    _schema_parser(commands)
    _synth_parser(commands)


def _common(p: argparse.ArgumentParser, *, folder: bool = True) -> None:
    p.add_argument(
        "--plan", metavar="PLAN", help=f"计划文件（默认：环境变量 PLAN_FILE，或 {paths.DEFAULT_PLAN}）"
    )
    if folder:
        p.add_argument(
            "--dir",
            metavar="DIR",
            help=f"落实情况目录（默认：环境变量 PROGRESS_DIR，或 {paths.DEFAULT_PROGRESS}）",
        )


def _validate_parser(commands: Commands) -> None:
    p = commands.add_parser(
        "validate",
        help="校验全部轮次文件",
        description="校验落实情况目录中的全部轮次文件，一次列出全部问题。",
    )
    _common(p)
    p.set_defaults(func=cmd_validate)


def _template_parser(commands: Commands) -> None:
    p = commands.add_parser(
        "template",
        help="生成各责任单位的填报表（.xlsx）",
        description="为本轮每个责任单位（或 --unit 指定的单位）生成一个填报表；本轮已有的落实情况会预先填入。"
        "轮次文件须已存在（至少写好 name 和 as_of）。",
    )
    p.add_argument("--round", required=True, metavar="ID", help="轮次标识，即轮次文件名（如 2024-h1）")
    p.add_argument("--unit", metavar="NAME", help="只生成该责任单位的填报表")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录")
    p.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")
    _common(p)
    p.set_defaults(func=cmd_template)


def _import_parser(commands: Commands) -> None:
    p = commands.add_parser(
        "import",
        help="导入填好的填报表，写入（或合并到）轮次文件",
        description="读取各单位发回的填报表，写入轮次文件；文件已存在时合并。任何问题都会逐条列出（文件、工作表、行、列），"
        "且不写入任何内容。已有的落实情况被改动时，须加 --replace 才会替换。",
    )
    p.add_argument("files", nargs="+", metavar="FILE.xlsx", help="填好的填报表（可多个）")
    p.add_argument(
        "-o", "--output", required=True, metavar="ID.yaml", help="轮次文件，如 data/progress/2024-h1.yaml"
    )
    p.add_argument("--replace", action="store_true", help="用填报表中的内容替换已有的、内容不同的落实情况")
    _common(p, folder=False)
    p.set_defaults(func=cmd_import)


def _report_parser(commands: Commands) -> None:
    p = commands.add_parser(
        "report",
        help="生成本轮落实情况汇总（.docx）",
        description="按公文格式生成本轮的落实情况汇总（Word 文档，可用 Word 和 WPS 编辑）。",
    )
    p.add_argument("--round", required=True, metavar="ID", help="轮次标识（如 2024-h1）")
    p.add_argument("-o", "--output", required=True, metavar="FILE.docx", help="输出文件")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    _common(p)
    p.set_defaults(func=cmd_report)


def _schema_parser(commands: Commands) -> None:
    p = commands.add_parser(
        "schema", help="输出轮次文件的 JSON Schema", description="输出由数据模型生成的轮次文件 JSON Schema。"
    )
    p.add_argument("-o", "--output", metavar="OUT", help="写入文件（默认输出到屏幕）")
    p.add_argument("--force", action="store_true", help="覆盖已存在的文件")
    p.set_defaults(func=cmd_schema)


def _synth_parser(commands: Commands) -> None:
    p = commands.add_parser(
        "synth",
        help="为计划生成虚构的示例落实情况",
        description="为计划（如 synth 生成的合成计划）生成虚构的落实情况，每条都标为示例。同一种子生成同样的文件。",
    )
    p.add_argument("--rounds", type=int, default=4, metavar="N", help="轮数（默认 4，即四个季度）")
    p.add_argument(
        "--coverage", type=float, default=1.0, metavar="P", help="每轮报送的比例，0 到 1（默认 1）"
    )
    p.add_argument("--seed", type=int, default=0, metavar="S", help="随机种子（默认 0）")
    p.add_argument("-o", "--output", required=True, metavar="DIR", help="输出目录")
    p.add_argument("--force", action="store_true", help="覆盖已存在的同名文件")
    _common(p, folder=False)
    p.set_defaults(func=cmd_synth)


# -- commands ------------------------------------------------------------------------------------


def _plan(args: argparse.Namespace) -> Plan:
    return _where(args)[0]


def _where(args: argparse.Namespace) -> tuple[Plan, Path]:
    """The plan (``--plan``, else the site's current plan) and its rounds' folder: ``--dir``, else the
    folder the site builds (PROGRESS_DIR, then the ``progress:`` option), on a site of several plans
    the subfolder of the plan's year. The configuration and the plan are read once."""
    given = getattr(args, "dir", None)  # import and synth have no --dir
    if args.plan and given:
        return load_plan(args.plan), Path(given)
    inputs = project_inputs()
    plan = load_plan(args.plan or shown(inputs.plan))
    if given:
        return plan, Path(given)
    folder = inputs.progress if len(inputs.plans) == 1 else inputs.progress / str(plan_year(plan))
    return plan, Path(shown(folder))


def _progress(args: argparse.Namespace) -> tuple[Progress, Path]:
    plan, folder = _where(args)
    return load_progress(folder, plan), folder


def _round(progress: Progress, round_id: str, folder: Path) -> Round:
    try:
        return progress.round(round_id)
    except KeyError:
        known = "、".join(r.id for r in progress.rounds) or "（无）"
        message = (
            f"没有轮次“{round_id}”（已有：{known}）。请先建立轮次文件 {folder / round_id}.yaml，"
            "写好 name（本轮名称）、as_of（截至日期）和 entries: []。"
        )
        raise UsageError([Problem(str(folder), None, None, "", message)]) from None


def cmd_validate(args: argparse.Namespace) -> int:

    progress, folder = _progress(args)
    if not progress.rounds:
        print(f"{folder}：没有轮次文件（落实情况尚未发布）。")
        return 0
    for rnd in progress.rounds:
        for warning in round_warnings(rnd):
            print(f"提示：{warning}")
        example = "，示例数据" if rnd.example else ""
        print(f"{rnd.source}：校验通过。{rnd.name}，截至 {rnd.as_of}，{len(rnd.entries)} 条报告{example}。")
    return 0


def cmd_template(args: argparse.Namespace) -> int:

    progress, folder = _progress(args)
    plan = progress.plan
    rnd = _round(progress, args.round, folder)
    units = [u.name for u in plan.units if plan.tasks_of_unit(u.name)]
    if args.unit is not None and args.unit not in units:
        message = f"“{args.unit}”不是计划中任何任务的责任单位。请照计划中登记的名称填写。"
        raise UsageError([Problem("--unit", None, None, "", message)])
    chosen = [args.unit] if args.unit else units
    out = Path(args.output)
    files = {out / workbook_name(rnd.id, name): template_workbook(plan, rnd, name) for name in chosen}
    write_files(files, force=args.force)
    print(f"已在 {out}/ 生成 {len(files)} 个填报表（{rnd.name}，截至 {rnd.as_of}）。")
    return 0


def cmd_report(args: argparse.Namespace) -> int:

    progress, folder = _progress(args)
    rnd = _round(progress, args.round, folder)
    write_files({Path(args.output): round_report(progress, rnd.id)}, force=args.force)
    print(f"已生成 {args.output}：{rnd.name}落实情况汇总，{len(rnd.entries)} 条报告。")
    return 0


def cmd_schema(args: argparse.Namespace) -> int:

    text = json.dumps(progress_schema(), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_files({Path(args.output): text.encode("utf-8")}, force=args.force)
    else:
        sys.stdout.write(text)
    return 0


def cmd_synth(args: argparse.Namespace) -> int:

    if args.rounds < 1 or not 0 <= args.coverage <= 1:
        print("轮数必须是正整数，报送比例必须在 0 到 1 之间。", file=sys.stderr)
        return 2
    plan = _plan(args)
    texts = synth_progress(plan, rounds=args.rounds, seed=args.seed, coverage=args.coverage)
    out = Path(args.output)
    files = {out / f"{round_id}.yaml": text.encode("utf-8") for round_id, text in texts.items()}
    write_files(files, force=args.force)
    progress = load_progress(out, plan)  # never leave files that do not validate unnoticed
    print(f"已在 {out}/ 生成 {len(files)} 轮示例落实情况，共 {len(progress.reports())} 条报告。")
    return 0


def write_files(files: dict[Path, bytes], *, force: bool) -> None:
    """Write every file or none: existing files are refused without ``force``; see generator.files.write_all."""

    existing = [path for path in files if path.exists()]
    problems = [
        Problem(str(path), None, None, "", "文件已存在，未覆盖。如确需覆盖，请加 --force。")
        for path in existing
        if not force or path.is_dir()
    ]
    if problems:
        raise ProgressError(problems)
    write_all(files, force=force)


def cmd_import(args: argparse.Namespace) -> int:

    plan, out = _plan(args), Path(args.output)
    if out.suffix not in {".yaml", ".yml"}:
        raise ProgressError(
            [Problem(str(out), None, None, "", "-o 应是轮次文件，如 data/progress/2024-h1.yaml。")]
        )
    if not out.exists() and not out.is_symlink():
        # The round's name and 截至 date come from the round file, never from a returned workbook.
        message = (
            f"轮次文件不存在。请先建立轮次文件 {out}，写好 name（本轮名称）、as_of（截至日期）和 entries: []，"
            "再生成填报表、导入。"
        )
        raise ProgressError([Problem(str(out), None, None, "", message)])
    incoming, problems = _read_workbooks(args.files, plan, out.stem)
    if not incoming and not problems:
        problems.append(Problem(args.files[0], None, None, "", "填报表中没有填写任何落实情况，未导入。"))
    # Every writer of a round holds its lock, and reads the round under it: no entry is ever lost.
    with locked(out, what="该轮次文件（可能是另一次导入）"):
        try:
            before = read_round_text(out)
            existing = parse_round(before, str(out), out.stem, plan)
        except InputError as exc:
            raise ProgressError([*exc.problems, *problems]) from None
        if problems:
            raise ProgressError(problems)
        problems += [
            Problem(
                file,
                None,
                None,
                "",
                f"填报表的截至日期 {i.as_of} 与轮次文件的 {existing.as_of} 不同。请用本轮的填报表。",
            )
            for file, _, i in incoming
            if i.as_of != existing.as_of
        ]
        entries, changes = _merge(existing, incoming, args.replace, problems)
        if problems:
            raise ProgressError(problems)
        text = dump_round(
            existing.name,
            existing.as_of,
            canonical_order(entries, plan),
            open=existing.open,
            header=leading_comments(before),
        )
        parse_round(text, str(out), out.stem, plan)  # never write a round that does not validate
        for stale in remove_stale_temps(out):
            print(f"已删除中断的写入留下的临时文件 {stale}。")
        if before == text:
            print(f"{out}：内容没有变化，未改动文件。")
            return 0
        write_output(out, text, force=True)
    print(
        f"已写入 {out}：新增 {changes['new']} 条，替换 {changes['replaced']} 条，未变 {changes['same']} 条。"
    )
    return 0


def _read_workbooks(files: Iterable[str], plan: Plan, round_id: str) -> tuple[Incoming, list[Problem]]:
    """Every returned workbook's entries as (file, [(row, entry)], info), and every problem."""

    incoming: Incoming = []
    problems: list[Problem] = []
    by_unit: dict[str, str] = {}
    for file in files:
        try:  # a FIFO, a device, a directory or an oversized file is refused before it is read
            raw = read_input(file, limit=MAX_WORKBOOK_BYTES)
        except InputError as exc:
            problems += exc.problems
            continue
        result = read_workbook(raw, file, plan, round_id)
        problems += result.problems
        if result.info is None:
            continue
        # The rows read well are checked as a round file is, even when others were not: every problem at once.
        row_problems = [
            p for row, entry in result.entries for p in _row_problems(file, row, entry, plan, result.info)
        ]
        if row_problems or result.problems:
            problems += row_problems
            continue
        unit = result.info.unit
        if unit in by_unit:
            message = f"与 {by_unit[unit]} 都是{unit}的填报表。请只导入其中一个（通常是较新的那个）。"
            problems.append(Problem(file, None, None, "", message))
            continue
        by_unit[unit] = file
        incoming.append((file, list(result.entries), result.info))
    return incoming, problems


def _merge(
    existing: Round | None, incoming: Incoming, replace: bool, problems: list[Problem]
) -> tuple[list[Entry], dict[str, int]]:
    """Existing entries with the workbooks' merged in; a changed entry needs ``replace``."""

    merged = {(e.task, e.unit): e for e in (existing.entries if existing else ())}
    changes = {"new": 0, "replaced": 0, "same": 0}
    for file, rows, _ in incoming:
        for row, entry in rows:
            key = (entry.task, entry.unit)
            old = merged.get(key)
            if old is not None:  # whether an entry is an example is editorial: kept from the round file
                entry = entry.model_copy(update={"example": old.example})
            if old is None or old == entry:
                changes["new" if old is None else "same"] += 1
            elif replace:
                changes["replaced"] += 1
            else:
                what = f"状态 {old.status}→{entry.status}" if old.status != entry.status else "内容有改动"
                message = (
                    f"{entry.unit}第 {entry.task} 项任务的落实情况与 {existing.source if existing else ''} 中已有的不同"
                    f"（{what}）。导入不会悄悄覆盖已有内容；确认要替换时，请加 --replace 重新导入。"
                )
                problems.append(Problem(file, row, None, f"工作表“{SHEET}”第 {row} 行", message))
                continue
            merged[key] = entry
    return list(merged.values()), changes


#: The workbook column of each field of an entry (generator.progress_xlsx.COLUMNS).
_COLUMN = {"task": "A", "unit": "C", "status": "D", "date": "E", "text": "F", "title": "G", "url": "H"}


def _row_problems(file: str, row: int, entry: Entry, plan: Plan, info: WorkbookInfo) -> list[Problem]:
    """What the round file's checks find in one row of a returned workbook, at its row and column.

    The workbook's reader checks cells one by one; these are the checks every round file gets
    (characters, length, web addresses and their titles), so that an import never writes a round
    that does not validate, and says where in the workbook the problem is.
    """

    found = [(p.path, p.message) for p in string_problems(entry_data(entry), file, {})]
    found += [(format_path(path), message) for path, message in entry_problems(entry, info.as_of, plan)]
    problems = []
    for path, message in found:
        letter = _COLUMN.get(path.rsplit(".", 1)[-1].split("[")[0])
        where = f"工作表“{SHEET}”第 {row} 行" + (f" {letter} 列（{HEADINGS[letter]}）" if letter else "")
        column = ord(letter) - ord("A") + 1 if letter else None
        problems.append(Problem(file, row, column, where, message))
    return problems
