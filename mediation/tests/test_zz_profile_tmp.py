import cProfile, pstats, time, io
from io import BytesIO
import pytest
from openpyxl import Workbook
from django.db import connection
from django.test.utils import CaptureQueriesContext
from mediation.imports import COLUMNS, dispute_import
from mediation.tests.test_import import _row

pytestmark = pytest.mark.django_db
N = 200

def test_profile(personas):
    wb = Workbook(); ws = wb.active; ws.append([c.header for c in COLUMNS])
    for i in range(N):
        ws.append(_row(title=f"纠纷{i}", accepted_date="2026-03-02" if i % 2 else "", applicant_id_number=""))
    buf = BytesIO(); wb.save(buf)
    prof = cProfile.Profile()
    marks = []
    t0 = time.perf_counter()
    with CaptureQueriesContext(connection) as q:
        prof.enable()
        report = dispute_import(actor=personas.owner, org=personas.office, content=buf.getvalue(), update_existing=False,
                                progress=lambda d, t, m: marks.append((time.perf_counter() - t0, m)))
        prof.disable()
    total = time.perf_counter() - t0
    print("\nTOTAL", total, "per row", total / N, "queries", len(q), "per row", len(q) / N, report.as_dict()["created"])
    print(marks[-3:])
    s = io.StringIO(); pstats.Stats(prof, stream=s).sort_stats("cumulative").print_stats(45); print(s.getvalue()[:9000])
