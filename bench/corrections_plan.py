"""矫正方案 generation and 分类管理 re-grading, measured on their own (not part of ``make bench``)::

    .venv/bin/python bench/corrections_plan.py [--subjects 200] [--regrade 2000]

A fresh SQLite database in a temporary folder (migrated, with the default levels, instrument and strategy library)
holds ``--subjects`` subjects with varied recorded conditions, each assessed once. Figures:

- ``plan generation (full service)``: ``corrections.plans.plan_generate`` per subject — conditions, level, latest
  assessment, the 48-measure library match, the four sections and the writes (plan, measures, audit row) in one
  transaction — median milliseconds. Target ≤ 20 ms.
- ``plan drafting (in memory)``: ``plan_draft_content`` with the library loaded once, median milliseconds.
- ``re-grading``: ``regrade_scan`` over ``--regrade`` subjects (the task behind 生成等级调整建议), subjects per second.

Run with the production settings path (DEBUG off) like the other benchmarks."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import PRODUCTION_ENV  # noqa: E402

TARGET_MS = 20.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--subjects", type=int, default=200)
    parser.add_argument("--regrade", type=int, default=2000)
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="bench-corrections-"))
    os.environ["DATABASE_URL"] = f"sqlite:///{folder / 'bench.sqlite3'}"
    os.environ.update(PRODUCTION_ENV)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sifasuo.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)

    from core.testing import build_personas, valid_id_number
    from corrections import plans
    from corrections.demo import DEMO_CONDITIONS, _pick
    from corrections.models import Subject, months_after
    from corrections.services import SubjectInput, subject_receive
    from people.services import PersonInput

    rng = random.Random(2026)
    personas = build_personas()
    today = dt.date.today()
    crimes = ["危险驾驶罪", "盗窃罪", "故意伤害罪", "诈骗罪", "帮助信息网络犯罪活动罪", "开设赌场罪", "贩卖毒品罪"]
    total = max(args.subjects, args.regrade)
    print(f"准备 {total} 名矫正对象……", flush=True)
    subjects = []
    for n in range(total):
        effective = today - dt.timedelta(days=rng.randint(5, 300))
        subject = subject_receive(actor=personas.owner, org=personas.office, person=PersonInput(
            name=f"对象{n}", id_number=valid_id_number(birth=f"{dt.date(1960, 1, 1) + dt.timedelta(days=n // 900):%Y%m%d}",
                                                     seq=f"{n % 900 + 100:03d}")),
            data=SubjectInput(correction_type="probation", decision_organ="赤峰市红山区人民法院", decision_number=f"（2026）内0402刑初{n}号",
                              crime=rng.choice(crimes), effective_date=effective, start_date=effective,
                              end_date=months_after(effective, 24) - dt.timedelta(days=1), reported_date=effective + dt.timedelta(days=2)))
        plans.conditions_update(actor=personas.owner, subject=subject, repropose=False,
                                values={k: _pick(rng, options) for k, options in DEMO_CONDITIONS.items()})
        level = rng.choice(["low", "high"])
        rule_set = plans.active_rule_set()
        answers = {i.code: str(i.options[0 if level == "low" else -1]["value"]) for i in rule_set.items.all()}
        plans.assessment_record(actor=personas.owner, subject=subject,
                                data=plans.AssessmentInput(answers=answers, assessed_on=subject.reported_date))
        subjects.append(subject)

    library = plans.load_library()
    timings = []
    for subject in subjects[: args.subjects]:
        started = time.perf_counter()
        plans.plan_generate(actor=personas.owner, subject=subject, library=library)
        timings.append((time.perf_counter() - started) * 1000)
    drafting = []
    for subject in subjects[: args.subjects]:
        grade = plans.current_grade(subject)
        assert grade is not None
        stored = plans.stored_conditions(subject)
        values = plans.subject_conditions(subject, level=grade.level.code, stored=stored)
        assessment = subject.assessments.select_related("level", "suggested_level").first()
        started = time.perf_counter()
        plans.plan_draft_content(subject, values=values, recorded=set(stored), grade=grade, assessment=assessment, library=library)
        drafting.append((time.perf_counter() - started) * 1000)
    started = time.perf_counter()
    made = plans.regrade_scan(actor=personas.owner, subjects=Subject.objects.filter(pk__in=[s.pk for s in subjects[: args.regrade]]))
    regrade_s = time.perf_counter() - started

    median = statistics.median(timings)
    print(f"plan generation (full service): median {median:.1f} ms per subject over {len(timings)} "
          f"(p90 {sorted(timings)[int(len(timings) * 0.9)]:.1f} ms); target ≤ {TARGET_MS:.0f} ms: {'达标' if median <= TARGET_MS else '未达标'}")
    print(f"plan drafting (in memory): median {statistics.median(drafting):.2f} ms per subject")
    print(f"re-grading: {args.regrade} subjects in {regrade_s:.1f} s ({args.regrade / regrade_s:.0f} per second), {made} proposals")


if __name__ == "__main__":
    main()
