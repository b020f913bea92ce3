"""The dashboards record no work of their own; they keep the rollups in step with the ledger after each commit."""

from dashboard.rollups import rollups_refresh_days

ON_COMMIT = [rollups_refresh_days]
