"""A default-sized tenant shared by the tenant tests (generated once per module, well under a second)."""

from __future__ import annotations

from datetime import date

import pytest

END_DATE = date(2025, 6, 4)  # a Wednesday: "last calendar week" and "last 7 days" differ


@pytest.fixture(scope="package")
def tenant():
    from local_stack.tenant import generate_tenant

    return generate_tenant(seed=7, n_calls=300, days=90, end_date=END_DATE)
