"""得分排名's competition ranking: equal totals share a rank and the next rank skips (1, 2, 2, 4), within each group."""

from decimal import Decimal
from types import SimpleNamespace
from typing import Any

from assessment.selectors import _ranks


def _score(pk: int, county: str, total: str) -> Any:
    """What the ranking reads of an office's score: the office and its total."""
    return SimpleNamespace(office=SimpleNamespace(pk=pk, county=county), total=Decimal(total))


def test_equal_totals_share_a_rank_and_the_next_rank_skips_within_each_county() -> None:
    scores = [_score(1, "红山区", "880.5"), _score(2, "红山区", "901"), _score(3, "红山区", "880.5"), _score(4, "红山区", "700"),
              _score(5, "松山区", "650"), _score(6, "松山区", "650")]
    ranks = _ranks(scores, lambda office: office.county)
    assert ranks == {2: (1, 4), 1: (2, 4), 3: (2, 4), 4: (4, 4), 5: (1, 2), 6: (1, 2)}
    across = _ranks(scores, lambda office: "赤峰市")
    assert [across[pk][0] for pk in (2, 1, 3, 4, 5, 6)] == [1, 2, 2, 4, 5, 5]
