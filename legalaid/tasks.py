"""Background work of 法律援助: applications whose applicant did not supply the materials asked for by the date set
count as withdrawn (法律援助法 第四十三条第二款), daily."""

from __future__ import annotations

from django_tasks import task

from legalaid.centre import reviews_withdraw_lapsed


@task()
def reviews_withdraw_lapsed_task() -> int:
    return reviews_withdraw_lapsed()


PERIODIC = [(reviews_withdraw_lapsed_task, 24 * 3600)]
