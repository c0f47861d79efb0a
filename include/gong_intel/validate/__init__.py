"""Pandera checks at every hand-off: outcomes, quarantine records and DQ results.

The public face of the package; each name lives in one single-purpose module:

- :mod:`.outcomes`: ``DQResult``, ``QuarantineRecord``, ``ValidationOutcome``, their errors and sums.
- :mod:`.explain`: failure wording, check names, JSON-safe cells.
- :mod:`.frames`: one frame against one model; a step's rows for some calls (``validate_whole_calls``).
- :mod:`.reads`: a run's window read in keyset batches of call ids.
- :mod:`.quarantine`: writing quarantine records and DQ results.
- :mod:`.gates`: the raw and staged gates, one runner driven by a per-gate spec.
- :mod:`.output_gate`: the enrichment output gate (``OutputGate``).
- :mod:`.schemas`: the Pandera models (imports pandas and pandera; not imported here).
"""

from include.gong_intel.validate.explain import describe_failure, json_safe, schema_check_ids
from include.gong_intel.validate.frames import CallPart, validate_frame, validate_whole_calls
from include.gong_intel.validate.gates import GateSpec, run_gate, validate_raw, validate_staged
from include.gong_intel.validate.outcomes import (
    ALL_CHECKS,
    RAW_STEPS,
    SAMPLE_KEYS,
    STAGED_STEPS,
    STEP_RAW_CALLS,
    STEP_RAW_TRANSCRIPTS,
    STEP_STAGED_CALLS,
    STEP_STAGED_SEGMENTS,
    DataContractError,
    DataQualityError,
    DQResult,
    QuarantineRecord,
    ValidationOutcome,
    combine_outcomes,
    merge_results,
    raise_if_over_threshold,
)
from include.gong_intel.validate.output_gate import OutputGate
from include.gong_intel.validate.quarantine import write_dq_results, write_quarantine
from include.gong_intel.validate.reads import (
    CallBatch,
    call_batches,
    parse_text_timestamps,
    read_raw,
    read_staged,
)

__all__ = [
    "ALL_CHECKS",
    "RAW_STEPS",
    "SAMPLE_KEYS",
    "STAGED_STEPS",
    "STEP_RAW_CALLS",
    "STEP_RAW_TRANSCRIPTS",
    "STEP_STAGED_CALLS",
    "STEP_STAGED_SEGMENTS",
    "CallBatch",
    "CallPart",
    "DQResult",
    "DataContractError",
    "DataQualityError",
    "GateSpec",
    "OutputGate",
    "QuarantineRecord",
    "ValidationOutcome",
    "call_batches",
    "combine_outcomes",
    "describe_failure",
    "json_safe",
    "merge_results",
    "parse_text_timestamps",
    "raise_if_over_threshold",
    "read_raw",
    "read_staged",
    "run_gate",
    "schema_check_ids",
    "validate_frame",
    "validate_raw",
    "validate_staged",
    "validate_whole_calls",
    "write_dq_results",
    "write_quarantine",
]
