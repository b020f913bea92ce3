"""What 安置帮教 hears from the modules below it."""

from __future__ import annotations

from typing import Any


def correction_handover_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    """A 社区矫正 hand-over with its date on a discharged subject: take the person on the 安置帮教 register
    (``resettlement.services.intake_from_correction``; it does nothing when there is nothing to take over)."""
    if kwargs.get("raw"):
        return
    from resettlement.services import intake_from_correction

    intake_from_correction(handover=instance)
