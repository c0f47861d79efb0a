"""Synthetic Gong tenant: deterministic users, calls, transcripts and ground truth for local runs and tests.

    from local_stack.tenant import generate_tenant
    tenant = generate_tenant(seed=7, n_calls=300, days=90, end_date=date(2025, 6, 2))
    tenant.users, tenant.calls, tenant.transcripts, tenant.truth

See README.md in this folder for what is generated and how it is kept consistent.
"""

from local_stack.tenant.catalog import SELLER, Seller
from local_stack.tenant.generator import (
    EDGE_CASES,
    RISK_SCENARIOS,
    SCENARIOS,
    TONES,
    CallTruth,
    GeneratedCall,
    Tenant,
    TenantPlan,
    generate_tenant,
    generate_users,
    iter_calls,
    plan_tenant,
)
from local_stack.tenant.script import Evidence

__all__ = [
    "EDGE_CASES",
    "RISK_SCENARIOS",
    "SCENARIOS",
    "SELLER",
    "TONES",
    "CallTruth",
    "Evidence",
    "GeneratedCall",
    "Seller",
    "Tenant",
    "TenantPlan",
    "generate_tenant",
    "generate_users",
    "iter_calls",
    "plan_tenant",
]
